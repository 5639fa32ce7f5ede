from django.db import migrations, models


class Migration(migrations.Migration):
    """Tokens work only while the user's credentials stay the generation they were made in."""

    dependencies = [
        ("accounts", "0004_remove_user_lockout"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="credentials_generation",
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name="credentials generation"),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="credentials_generation",
            field=models.PositiveIntegerField(default=0, verbose_name="credentials generation"),
        ),
    ]
