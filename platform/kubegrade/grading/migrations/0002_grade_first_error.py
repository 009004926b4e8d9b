from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("grading", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="grade",
            name="first_error",
            field=models.TextField(blank=True, help_text="The submission's first failing line with its output, "
                                                         "from the engine's report (`first_error`)."),
        ),
    ]
