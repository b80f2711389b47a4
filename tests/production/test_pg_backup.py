"""The PostgreSQL backup README documents: pg_dump, then pg_restore into an empty database."""

import shutil
import subprocess
import uuid

import psycopg2
import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection

from statements.models import Statement

TABLES = [
    "notices_bestvaluenotice",
    "notices_historicalbestvaluenotice",
    "notices_improvementarea",
    "notices_historicalimprovementarea",
    "statements_statement",
    "statements_historicalstatement",
    "auth_user",
    "auth_group",
    "auth_user_groups",
]


def dsn(name):
    settings_dict = connection.settings_dict
    return (
        f"postgresql://{settings_dict['USER']}:{settings_dict['PASSWORD'] or ''}@"
        f"{settings_dict['HOST'] or '127.0.0.1'}:{settings_dict['PORT'] or 5432}/{name}"
    )


def maintenance(statement):
    """CREATE/DROP DATABASE, which cannot run inside a transaction."""
    admin = psycopg2.connect(dsn("postgres"))
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute(statement)
    finally:
        admin.close()


def rows(database):
    db = psycopg2.connect(dsn(database))
    try:
        with db.cursor() as cursor:
            tables = {}
            for table in TABLES:
                cursor.execute(f"SELECT * FROM {table} ORDER BY id")
                tables[table] = cursor.fetchall()
    finally:
        db.close()
    return tables


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_pg_dump_and_pg_restore_round_trip_everything(tmp_path):
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.fail("pg_dump and pg_restore must be installed beside PostgreSQL")
    call_command("load_demo", verbosity=0)
    officer = User.objects.create_user("officer", password="a-long-test-password")
    statement = Statement.objects.get(slug="statement-in-response-to-best-value-notice-update")
    statement.title = "Statement, as corrected"
    statement._history_user = officer
    statement.save()
    source = connection.settings_dict["NAME"]
    copy = f"{source}_restore_{uuid.uuid4().hex[:8]}"
    dump = tmp_path / "cpca.dump"

    subprocess.run(["pg_dump", "--format=custom", f"--file={dump}", dsn(source)], check=True, timeout=120)
    maintenance(f'CREATE DATABASE "{copy}"')
    try:
        subprocess.run(["pg_restore", "--no-owner", f"--dbname={dsn(copy)}", str(dump)], check=True, timeout=120)
        original, restored = rows(source), rows(copy)
        assert len(original["statements_historicalstatement"]) >= 2
        assert restored == original
    finally:
        maintenance(f'DROP DATABASE IF EXISTS "{copy}"')
