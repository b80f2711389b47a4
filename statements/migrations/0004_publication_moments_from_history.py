"""Publication moments worked out from history, so "Published" names when the record became public."""

from django.db import migrations

from core.records import publication_moments_from_history


def forwards(apps, schema_editor):
    publication_moments_from_history(apps, "statements", "Statement", schedule_field="published_at")


class Migration(migrations.Migration):
    dependencies = [("statements", "0003_performance_indexes")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
