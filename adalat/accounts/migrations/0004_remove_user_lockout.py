from django.db import migrations


class Migration(migrations.Migration):
    """The lock-out counted on the account is replaced by the failed log-ins table."""

    dependencies = [
        ("accounts", "0003_login_failures"),
    ]

    operations = [
        migrations.RemoveField(model_name="user", name="failed_logins"),
        migrations.RemoveField(model_name="user", name="locked_until"),
    ]
