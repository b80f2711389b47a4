"""Stored search vectors for statements, kept current by PostgreSQL and indexed with GIN.

The trigger computes the same weighted vector search used to build at query time: the
title (A), the summary (B) and the body without its tags (C), in the "english" configuration.
It runs before every insert, and before every update that writes one of those columns, so
saves from the admin, the shell and ``bulk_create`` all keep it current. SQLite has no
full-text search of this kind: there the column stays empty and search uses its fallback.
"""

import django.contrib.postgres.search
from django.db import migrations

from core.migration_operations import RunSQLOnPostgreSQL

FORWARDS = r"""
CREATE FUNCTION statements_statement_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('english'::regconfig, COALESCE(NEW.title, '')), 'A')
        || setweight(to_tsvector('english'::regconfig, COALESCE(NEW.summary, '')), 'B')
        || setweight(to_tsvector('english'::regconfig, COALESCE(regexp_replace(NEW.body, '<[^>]*>', ' ', 'g'), '')), 'C');
    RETURN NEW;
END
$$;
CREATE TRIGGER statements_statement_search_vector
    BEFORE INSERT OR UPDATE OF title, summary, body, search_vector ON statements_statement
    FOR EACH ROW EXECUTE FUNCTION statements_statement_search_vector();
UPDATE statements_statement SET search_vector = NULL;
CREATE INDEX statement_search_vector_idx ON statements_statement USING gin (search_vector);
"""

BACKWARDS = """
DROP INDEX statement_search_vector_idx;
DROP TRIGGER statements_statement_search_vector ON statements_statement;
DROP FUNCTION statements_statement_search_vector();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("statements", "0005_record_version"),
    ]

    operations = [
        migrations.AddField(
            model_name="statement",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        RunSQLOnPostgreSQL(FORWARDS, BACKWARDS),
    ]
