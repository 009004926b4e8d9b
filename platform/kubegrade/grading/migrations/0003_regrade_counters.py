from django.db import migrations, models
from django.db.models import Count, Q


def count_finished_items(apps, schema_editor):
    """Batches made before the counters get them from their items, once."""
    RegradeBatch = apps.get_model("grading", "RegradeBatch")
    counts = RegradeBatch.objects.annotate(
        n_done=Count("items", filter=Q(items__status="done")),
        n_failed=Count("items", filter=Q(items__status="failed")),
    ).values_list("pk", "n_done", "n_failed")
    for pk, done, failed in counts:
        RegradeBatch.objects.filter(pk=pk).update(done=done, failed=failed)


class Migration(migrations.Migration):
    dependencies = [("grading", "0002_grade_first_error")]

    operations = [
        migrations.AddField(model_name="regradebatch", name="done", field=models.PositiveIntegerField(default=0)),
        migrations.AddField(model_name="regradebatch", name="failed", field=models.PositiveIntegerField(default=0)),
        migrations.AddField(model_name="regradeitem", name="requeue_count",
                            field=models.PositiveSmallIntegerField(default=0)),
        migrations.RunPython(count_finished_items, migrations.RunPython.noop),
    ]
