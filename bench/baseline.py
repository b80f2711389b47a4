"""The fixed 12 KB HTML page served by the trivial Django view and, as a file, by nginx."""

BASELINE_SIZE = 12 * 1024


def baseline_html():
    """Exactly ``BASELINE_SIZE`` bytes of plain HTML, the same on every call."""
    head = b"<!DOCTYPE html>\n<html lang='en-GB'><head><meta charset='utf-8'><title>Baseline</title></head><body>\n"
    tail = b"</body></html>\n"
    paragraph = b"<p>A fixed paragraph of text that stands in for a page of the same size.</p>\n"
    body = paragraph * ((BASELINE_SIZE - len(head) - len(tail)) // len(paragraph))
    padding = b" " * (BASELINE_SIZE - len(head) - len(body) - len(tail))
    return head + body + padding + tail


BASELINE_HTML = baseline_html()
