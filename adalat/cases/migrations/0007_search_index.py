"""The search index: the words of parties' names and the parts of case numbers (decision 0035)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0006_handover_labels"),
    ]

    operations = [
        migrations.CreateModel(
            name="PartyWord",
            fields=[
                ("pk", models.CompositePrimaryKey("party", "word", blank=True, editable=False, primary_key=True, serialize=False)),
                ("party", models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="cases.party")),
                ("word", models.CharField(max_length=64)),
            ],
            options={
                "verbose_name": "word of a party's name",
                "verbose_name_plural": "words of parties' names",
                "indexes": [
                    models.Index(fields=["word", "party"], name="party_word", opclasses=["text_pattern_ops", "int8_ops"]),
                ],
            },
        ),
        migrations.CreateModel(
            name="CaseNumberPart",
            fields=[
                ("pk", models.CompositePrimaryKey("part", "case", blank=True, editable=False, primary_key=True, serialize=False)),
                ("part", models.CharField(max_length=100)),
                ("case", models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="cases.case")),
            ],
            options={
                "verbose_name": "part of a case number",
                "verbose_name_plural": "parts of case numbers",
            },
        ),
    ]
