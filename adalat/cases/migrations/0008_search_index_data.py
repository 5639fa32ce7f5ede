"""Index the words of the names of the parties and the parts of the case numbers written before the
search index existed."""

from django.db import migrations

from adalat.core.text import number_parts, search_words

BATCH = 2000


def forwards(apps, schema_editor):
    Party = apps.get_model("cases", "Party")
    PartyWord = apps.get_model("cases", "PartyWord")
    CaseNumber = apps.get_model("cases", "CaseNumber")
    CaseNumberPart = apps.get_model("cases", "CaseNumberPart")

    words = []
    for party_id, name in Party.objects.order_by("pk").values_list("pk", "name").iterator(BATCH):
        words += [PartyWord(party_id=party_id, word=word) for word in search_words(name)]
        if len(words) >= BATCH:
            PartyWord.objects.bulk_create(words, ignore_conflicts=True)
            words = []
    PartyWord.objects.bulk_create(words, ignore_conflicts=True)

    parts = []
    for case_id, number in CaseNumber.objects.order_by("pk").values_list("case_id", "number").iterator(BATCH):
        parts += [CaseNumberPart(case_id=case_id, part=part) for part in number_parts(number)]
        if len(parts) >= BATCH:
            CaseNumberPart.objects.bulk_create(parts, ignore_conflicts=True)
            parts = []
    CaseNumberPart.objects.bulk_create(parts, ignore_conflicts=True)


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0007_search_index"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True),
    ]
