from django.db import migrations, models


class Migration(migrations.Migration):
    """Whether a token was made with the second factor given. Tokens made before are not:
    people who need the factor make them again."""

    dependencies = [
        ("accounts", "0005_credentials_generation"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="second_factor",
            field=models.BooleanField(default=False, verbose_name="made with the second factor"),
        ),
    ]
