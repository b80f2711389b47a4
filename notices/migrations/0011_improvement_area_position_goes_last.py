import django.core.validators
from django.db import migrations, models


def number_areas_from_one(apps, schema_editor):
    """Each notice's areas numbered 1..N in the order they are listed (areas added before all had 0)."""
    ImprovementArea = apps.get_model("notices", "ImprovementArea")
    numbered = []
    notice_id, position = None, 0
    for area in ImprovementArea.objects.order_by("notice_id", "position", "pk"):
        position = position + 1 if area.notice_id == notice_id else 1
        notice_id = area.notice_id
        if area.position != position:
            area.position = position
            numbered.append(area)
    ImprovementArea.objects.bulk_update(numbered, ["position"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ('notices', '0010_search_vector'),
    ]

    operations = [
        migrations.AlterField(
            model_name='historicalimprovementarea',
            name='position',
            field=models.PositiveIntegerField(blank=True, help_text='Areas are listed in this order, 1 first. A new area goes last; “Move up” and “Move down” change the order.', validators=[django.core.validators.MinValueValidator(1)]),
        ),
        migrations.AlterField(
            model_name='improvementarea',
            name='position',
            field=models.PositiveIntegerField(blank=True, help_text='Areas are listed in this order, 1 first. A new area goes last; “Move up” and “Move down” change the order.', validators=[django.core.validators.MinValueValidator(1)]),
        ),
        migrations.RunPython(number_areas_from_one, migrations.RunPython.noop),
    ]
