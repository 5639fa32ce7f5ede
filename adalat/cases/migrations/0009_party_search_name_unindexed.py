"""Parties are found by the words of their names now (``PartyWord``): the prefix index on the whole
name goes."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0008_search_index_data"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="party",
            name="party_search_name",
        ),
    ]
