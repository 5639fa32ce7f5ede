"""Bring the rows written before custody, typed events and named deadlines to the new shape:
every case keeps its number as its first; each deadline is named after its stage and counted in
the unit its rule says; events are named by their type and keep identifiers only, the texts people
wrote moving to ``EventText``."""

import re

from django.db import migrations

BATCH = 2000
RULE = re.compile(r"^(\d+) (working|calendar) days")
# What events kept that the event types no longer hold (names and titles, looked up when shown).
DROPPED = {"name", "judge_name", "title", "filename", "note", "reason", "number"}
TEXTS = {"note", "reason"}


def forwards(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    CaseNumber = apps.get_model("cases", "CaseNumber")
    Deadline = apps.get_model("cases", "Deadline")
    CaseEvent = apps.get_model("cases", "CaseEvent")
    EventText = apps.get_model("cases", "EventText")

    numbers = []
    for case in Case.objects.order_by("pk").only("pk", "number", "holder_id", "registered_at").iterator(BATCH):
        numbers.append(
            CaseNumber(case_id=case.pk, number=case.number, organization_id=case.holder_id, assigned_at=case.registered_at)
        )
        if len(numbers) >= BATCH:
            CaseNumber.objects.bulk_create(numbers)
            numbers = []
    CaseNumber.objects.bulk_create(numbers)

    changed = []
    for deadline in Deadline.objects.filter(code="").order_by("pk").iterator(BATCH):
        match = RULE.match(deadline.basis)
        deadline.code = deadline.stage
        if match:
            deadline.amount, deadline.unit = int(match[1]), match[2]
        changed.append(deadline)
        if len(changed) >= BATCH:
            Deadline.objects.bulk_update(changed, ["code", "amount", "unit"])
            changed = []
    Deadline.objects.bulk_update(changed, ["code", "amount", "unit"])

    events, texts = [], []
    for event in CaseEvent.objects.order_by("pk").iterator(BATCH):
        data = dict(event.data or {})
        if event.code.startswith("transition."):
            data["action"] = event.code.removeprefix("transition.")
            event.code = "transition"
        for name in TEXTS:
            if data.get(name):
                texts.append(EventText(event_id=event.pk, name=name, text=str(data[name])))
        event.data = {key: value for key, value in data.items() if key not in DROPPED}
        events.append(event)
        if len(events) >= BATCH:
            CaseEvent.objects.bulk_update(events, ["code", "data"])
            EventText.objects.bulk_create(texts)
            events, texts = [], []
    CaseEvent.objects.bulk_update(events, ["code", "data"])
    EventText.objects.bulk_create(texts)


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_custody_events_deadlines")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
