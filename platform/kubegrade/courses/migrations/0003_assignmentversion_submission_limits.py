# AssignmentVersion.spec held only the spec's `submission:` section (the files asked for,
# whether commands are taken, and the limits), so it is named for what it holds.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0002_attempt_and_answer_policy"),
    ]

    operations = [
        migrations.RenameField(model_name="assignmentversion", old_name="spec", new_name="submission_limits"),
        migrations.AlterField(
            model_name="assignmentversion",
            name="submission_limits",
            field=models.JSONField(
                default=dict,
                help_text="What a submission may hold, from the spec's `submission:` as loaded from the bank: "
                "files asked for, whether commands are taken, max_files, max_bytes, max_commands.",
            ),
        ),
    ]
