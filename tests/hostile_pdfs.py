"""PDF files as office software and attackers make them, built byte by byte for the upload tests."""

import io
import zlib

from pypdf import PdfWriter


def blank_pdf(pages=1, **encryption):
    """A PDF of blank pages; ``encryption`` goes to ``PdfWriter.encrypt`` when given."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if encryption:
        writer.encrypt(**encryption)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def aes_pdf_without_password(pages=2):
    """AES-256, opens without a password, only editing restricted: what office software saves."""
    return blank_pdf(pages, user_password="", owner_password="only-the-author-may-edit", algorithm="AES-256")


def aes_pdf_with_password():
    return blank_pdf(1, user_password="open-sesame", owner_password="only-the-author-may-edit", algorithm="AES-256")


def unknown_encryption_pdf():
    """Encrypted by a security handler pypdf does not know (a vendor's own)."""
    return aes_pdf_without_password().replace(b"/Filter /Standard", b"/Filter /Acme.Secure")


def with_xref(objects, *, xref_shift=0):
    """A PDF of numbered ``objects`` (bodies) with a classic cross-reference table, its offsets moved
    by ``xref_shift`` bytes (a damaged table that the reader must repair object by object)."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % (offset + xref_shift) for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def nested_object_pdf(depth=50_000):
    """One page whose dictionary nests ``depth`` dictionaries deep (450 KB; minutes of parsing)."""
    nested = b"<< /A " * depth + b">> " * depth
    return with_xref(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /X " + nested + b">>",
        ]
    )


def deep_page_tree_pdf(depth=5_000):
    """A page tree ``depth`` levels deep, one page at the bottom."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    objects += [b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % (number + 1) for number in range(2, depth)]
    objects.append(b"<< /Type /Page /MediaBox [0 0 595 842] >>")
    return with_xref(objects)


def damaged_xref_pdf(pages=3_500):
    """350 KB whose cross-reference offsets are all 3 bytes off: pypdf repairs each object, logging a
    warning for each (over 20,000 lines), for about a minute."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % (n + 3) for n in range(pages)), pages),
    ]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * pages
    return with_xref(objects, xref_shift=3)


def decompression_bomb_pdf(megabytes=80):
    """About 80 KB whose page tree sits in an object stream that inflates to ``megabytes`` MB."""
    header = b"3 0 "
    squeeze = zlib.compressobj(1)
    parts = [squeeze.compress(header + b"<< /Type /Pages /Kids [] /Count 0 >>")]
    spaces = b" " * (1024 * 1024)
    parts += [squeeze.compress(spaces) for _ in range(megabytes)]
    parts.append(squeeze.flush())
    stream = b"".join(parts)
    out = bytearray(b"%PDF-1.7\n")
    catalog = len(out)
    out += b"1 0 obj\n<< /Type /Catalog /Pages 3 0 R >>\nendobj\n"
    object_stream = len(out)
    out += b"2 0 obj\n<< /Type /ObjStm /N 1 /First %d /Filter /FlateDecode /Length %d >>\nstream\n" % (
        len(header),
        len(stream),
    )
    out += stream + b"\nendstream\nendobj\n"
    xref = len(out)
    rows = [(0, 0, 0xFFFF), (1, catalog, 0), (1, object_stream, 0), (2, 2, 0), (1, xref, 0)]
    table = b"".join(kind.to_bytes(1, "big") + a.to_bytes(4, "big") + b.to_bytes(2, "big") for kind, a, b in rows)
    out += b"4 0 obj\n<< /Type /XRef /Size 5 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n" % len(table)
    out += table + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)
