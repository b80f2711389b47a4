"""Write every public page and export, byte for byte, to a folder, so two versions of the code can be compared.

Usage: ``python scripts/snapshot_pages.py OUT_DIR`` (then ``diff -r`` two such folders). The database is
a fresh SQLite file, or the PostgreSQL server in ``DATABASE_URL`` (a database named ``<name>_snapshot``
is created and dropped). Time is frozen at one moment, so the demo's timestamps and every "today"
are the same on each run. Only public URLs are fetched, by path, so any layout of the code can be
compared with any other.
"""

import os
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
FROZEN_AT = "2026-11-30 10:15:00+00:00"

PATHS = [
    "/",
    "/governance/",
    "/accessibility/",
    "/robots.txt",
    "/sitemap.xml",
    "/search/?q=improvement",
    "/search/?q=" + "x" * 300,
    "/governance/transparency/",
    "/governance/transparency/?on=2023-06-01",
    "/governance/transparency/?on=2024-03-01",
    "/governance/transparency/?on=2024-02-30",
    "/governance/transparency/feed/",
    "/governance/transparency/statements/",
    "/governance/transparency/statements/statement-in-response-to-best-value-notice-update/",
    "/governance/transparency/best-value-notices/",
    "/governance/transparency/best-value-notices/?issued_from=2023-01-01&issued_to=2024-12-31",
    "/governance/transparency/best-value-notices/?in_force_on=2024-03-01",
    "/governance/transparency/best-value-notices/?status=superseded",
    "/governance/transparency/best-value-notices/?issued_from=2024-13-01",
    "/governance/transparency/best-value-notices/revised-best-value-notice-january-2024/",
    "/governance/transparency/best-value-notices/best-value-notice-january-2023/",
    "/governance/transparency/best-value-notices.csv",
    "/governance/transparency/best-value-notices.csv?in_force_on=2024-03-01",
    "/governance/transparency/best-value-notices.json",
    "/governance/transparency/best-value-notices.json?status=expired",
    "/governance/transparency/best-value-notices.json?status=nonsense",
    "/no-such-page/",
]


def main(out_dir):
    import time_machine

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT))
    database_url = os.environ.get("DATABASE_URL", "")
    tmp = tempfile.mkdtemp()
    if database_url.startswith("postgres"):
        # A database of its own beside the one named, so developers sharing a server never collide.
        base, _, name = database_url.rpartition("/")
        os.environ["DATABASE_URL"] = f"{base}/{name or 'cpca'}_snapshot"
        _recreate_postgres(base, f"{name or 'cpca'}_snapshot")
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/snapshot.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cpca_portal.settings")
    os.environ["PAGE_CACHE_SECONDS"] = "0"
    os.environ["ALLOWED_HOSTS"] = "testserver"

    with time_machine.travel(FROZEN_AT, tick=False):
        import django

        django.setup()
        from django.core.management import call_command
        from django.test import Client, override_settings

        call_command("migrate", verbosity=0)
        call_command("load_demo", verbosity=0)
        client = Client()
        # What the public sees: the site's own error pages, not Django's debugging ones.
        with override_settings(DEBUG=False):
            responses = [(path, client.get(path)) for path in PATHS]
        for path, response in responses:
            body = b"".join(response) if response.streaming else response.content
            headers = "".join(
                f"{name}: {_normalised(name, value)}\n"
                for name, value in sorted(response.headers.items())
                if name.lower() != "date"
            )
            name = quote(path, safe="")[:150]
            (out / name).write_bytes(f"{response.status_code}\n{headers}\n".encode() + body)
    print(f"{len(PATHS)} responses written to {out}")


def _normalised(name, value):
    """The policy's directives come in set order, which changes from one process to the next."""
    if name.lower() == "content-security-policy":
        return "; ".join(sorted(part.strip() for part in value.split(";")))
    return value


def _recreate_postgres(base, name):
    import psycopg2

    connection = psycopg2.connect(f"{base}/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
