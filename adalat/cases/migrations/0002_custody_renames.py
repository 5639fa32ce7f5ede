from django.db import migrations


class Migration(migrations.Migration):
    """A case is held by an organization, not only a court; an event is named by its type's code."""

    dependencies = [("cases", "0001_initial")]

    operations = [
        # The indexes that lead with the court go first: a renamed field keeps its old name in them.
        *(
            migrations.RemoveIndex("case", name)
            for name in (
                "case_court_status_recv",
                "case_court_kind_status",
                "case_court_stage_recv",
                "case_court_recv",
                "case_court_status_due",
                "case_court_resolved",
            )
        ),
        migrations.RenameField("case", "court", "holder"),
        migrations.RenameField("caseevent", "action", "code"),
    ]
