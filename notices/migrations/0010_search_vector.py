"""Stored search vectors for notices, kept current by PostgreSQL and indexed with GIN.

The notice's trigger computes the same weighted vector search used to build at query time:
the title (A), the summary without its tags (B) and its improvement areas' titles and
details without their tags (C), in the "english" configuration. It runs before every insert,
and before every update that writes one of those columns or the vector itself.

The areas' triggers (after insert, update or delete, once per SQL statement, so a bulk insert
of thousands of areas refreshes each notice once) set the vector of every notice whose areas
changed to NULL, which makes the notice's trigger compute it again. SQLite has no full-text
search of this kind: there the column stays empty and search uses its fallback.
"""

import django.contrib.postgres.search
from django.db import migrations

from core.migration_operations import RunSQLOnPostgreSQL

FORWARDS = r"""
CREATE FUNCTION notices_bestvaluenotice_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    areas text;
BEGIN
    SELECT string_agg(area.title || ' ' || area.detail, ' ' ORDER BY area.position, area.id) INTO areas
        FROM notices_improvementarea area WHERE area.notice_id = NEW.id;
    NEW.search_vector :=
        setweight(to_tsvector('english'::regconfig, COALESCE(NEW.title, '')), 'A')
        || setweight(to_tsvector('english'::regconfig, COALESCE(regexp_replace(NEW.summary, '<[^>]*>', ' ', 'g'), '')), 'B')
        || setweight(to_tsvector('english'::regconfig, COALESCE(regexp_replace(COALESCE(areas, ''), '<[^>]*>', ' ', 'g'), '')), 'C');
    RETURN NEW;
END
$$;
CREATE TRIGGER notices_bestvaluenotice_search_vector
    BEFORE INSERT OR UPDATE OF title, summary, search_vector ON notices_bestvaluenotice
    FOR EACH ROW EXECUTE FUNCTION notices_bestvaluenotice_search_vector();

CREATE FUNCTION notices_improvementarea_refresh_search() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE notices_bestvaluenotice SET search_vector = NULL
            WHERE id IN (SELECT notice_id FROM new_areas);
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE notices_bestvaluenotice SET search_vector = NULL
            WHERE id IN (SELECT notice_id FROM old_areas);
    ELSE
        UPDATE notices_bestvaluenotice SET search_vector = NULL
            WHERE id IN (
                SELECT new_areas.notice_id FROM new_areas JOIN old_areas ON old_areas.id = new_areas.id
                WHERE (old_areas.notice_id, old_areas.title, old_areas.detail, old_areas.position)
                    IS DISTINCT FROM (new_areas.notice_id, new_areas.title, new_areas.detail, new_areas.position)
                UNION
                SELECT old_areas.notice_id FROM new_areas JOIN old_areas ON old_areas.id = new_areas.id
                WHERE old_areas.notice_id <> new_areas.notice_id
            );
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER notices_improvementarea_insert_search
    AFTER INSERT ON notices_improvementarea REFERENCING NEW TABLE AS new_areas
    FOR EACH STATEMENT EXECUTE FUNCTION notices_improvementarea_refresh_search();
CREATE TRIGGER notices_improvementarea_update_search
    AFTER UPDATE ON notices_improvementarea REFERENCING OLD TABLE AS old_areas NEW TABLE AS new_areas
    FOR EACH STATEMENT EXECUTE FUNCTION notices_improvementarea_refresh_search();
CREATE TRIGGER notices_improvementarea_delete_search
    AFTER DELETE ON notices_improvementarea REFERENCING OLD TABLE AS old_areas
    FOR EACH STATEMENT EXECUTE FUNCTION notices_improvementarea_refresh_search();

UPDATE notices_bestvaluenotice SET search_vector = NULL;
CREATE INDEX notice_search_vector_idx ON notices_bestvaluenotice USING gin (search_vector);
"""

BACKWARDS = """
DROP INDEX notice_search_vector_idx;
DROP TRIGGER notices_improvementarea_insert_search ON notices_improvementarea;
DROP TRIGGER notices_improvementarea_update_search ON notices_improvementarea;
DROP TRIGGER notices_improvementarea_delete_search ON notices_improvementarea;
DROP FUNCTION notices_improvementarea_refresh_search();
DROP TRIGGER notices_bestvaluenotice_search_vector ON notices_bestvaluenotice;
DROP FUNCTION notices_bestvaluenotice_search_vector();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("notices", "0009_notice_without_fixed_end"),
    ]

    operations = [
        migrations.AddField(
            model_name="bestvaluenotice",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        RunSQLOnPostgreSQL(FORWARDS, BACKWARDS),
    ]
