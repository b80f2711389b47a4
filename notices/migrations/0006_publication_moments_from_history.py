"""Publication moments worked out from history, so "Published" names when the record became public."""

from django.db import migrations

from core.records import publication_moments_from_history


def forwards(apps, schema_editor):
    publication_moments_from_history(apps, "notices", "BestValueNotice", schedule_field=None)


class Migration(migrations.Migration):
    dependencies = [("notices", "0005_shared_publication_fields")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
