from django.db import migrations, models


class Migration(migrations.Migration):
    """Failed log-ins counted by address, name, both and all together, and the addresses owners log in from."""

    dependencies = [
        ("accounts", "0002_role_labels"),
    ]

    operations = [
        migrations.CreateModel(
            name="LoginFailures",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "scope",
                    models.CharField(
                        choices=[
                            ("address", "From one address"),
                            ("name", "For one username"),
                            ("pair", "For one username from one address"),
                            ("all", "From places new to their username"),
                        ],
                        max_length=8,
                        verbose_name="counted",
                    ),
                ),
                ("address", models.CharField(blank=True, max_length=64, verbose_name="address")),
                ("username", models.CharField(blank=True, max_length=150, verbose_name="username")),
                ("window", models.DateTimeField(verbose_name="window from")),
                ("failures", models.PositiveIntegerField(default=0, verbose_name="failures")),
                ("pending", models.PositiveIntegerField(default=0, verbose_name="being checked")),
            ],
            options={
                "verbose_name": "failed log-ins",
                "verbose_name_plural": "failed log-ins",
                "indexes": [
                    models.Index(fields=["window"], name="accounts_lo_window_c77ae6_idx"),
                    models.Index(fields=["username", "window"], name="accounts_lo_usernam_84d5c3_idx"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("scope", "address", "username", "window"), name="login_failures_unique"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="KnownSource",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("username", models.CharField(max_length=150, verbose_name="username")),
                ("address", models.CharField(max_length=64, verbose_name="address")),
                ("last_at", models.DateTimeField(verbose_name="last log-in")),
            ],
            options={
                "verbose_name": "known log-in address",
                "verbose_name_plural": "known log-in addresses",
                "indexes": [models.Index(fields=["last_at"], name="accounts_kn_last_at_7bebb2_idx")],
                "constraints": [models.UniqueConstraint(fields=("username", "address"), name="known_source_unique")],
            },
        ),
    ]
