import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('workspaces', '0002_workspace_runs'),
    ]

    operations = [
        migrations.AlterField(
            model_name='workspaceevent',
            name='kind',
            field=models.CharField(choices=[('command', 'command line'), ('file_write', 'file written'), ('file_delete', 'file deleted'), ('follow', 'watch followed'), ('interrupt', 'Ctrl-C'), ('edit', 'kubectl edit saved'), ('api', 'API request')], max_length=12),
        ),
        migrations.CreateModel(
            name='WorkspaceApiToken',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('token_hash', models.CharField(max_length=64, unique=True)),
                ('created_at', models.DateTimeField()),
                ('revoked_at', models.DateTimeField(blank=True, null=True)),
                ('last_used_at', models.DateTimeField(blank=True, null=True)),
                ('workspace', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='api_tokens', to='workspaces.workspace')),
            ],
            options={
                'indexes': [models.Index(fields=['workspace', 'revoked_at'], name='workspace_api_token_live')],
            },
        ),
    ]
