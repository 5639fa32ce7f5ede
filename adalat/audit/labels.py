"""What the codes of the audit log mean, in the reader's language.

The log keeps the codes the services wrote (they are part of each entry's hash); people read
these labels. A code not listed here is shown as it is. The codes are the modules' own: they are
listed here, as text, because the log sits below the modules that write it.
"""

from __future__ import annotations

import json

from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from adalat.jurisdictions.current import get_pack

# Reads of restricted records: a case sealed or about a minor opened, a document of one downloaded.
RESTRICTED_READS = ("case.read", "document.read")
TRANSITION = "case.transition."

ACTIONS: dict[str, Promise] = {
    "case.read": gettext_lazy("Opened a restricted case"),
    "document.read": gettext_lazy("Downloaded a document of a restricted case"),
    "case.registered": gettext_lazy("Registered a case"),
    "case.judge_assigned": gettext_lazy("Assigned a judge to a case"),
    "case.participant_added": gettext_lazy("Added a participant to a case"),
    "case.participant_removed": gettext_lazy("Removed a participant from a case"),
    "case.document_added": gettext_lazy("Added a document to a case"),
    "case.document_version_added": gettext_lazy("Added a new version of a document"),
    "party.create": gettext_lazy("Recorded a new party"),
    "login.success": gettext_lazy("Logged in"),
    "login.failure": gettext_lazy("Failed to log in"),
    "login.lockout": gettext_lazy("Locked out after failed log-ins"),
    "logout": gettext_lazy("Logged out"),
    "second_factor.enrolment_begin": gettext_lazy("Began to enrol a second factor"),
    "second_factor.enrol": gettext_lazy("Enrolled a second factor"),
    "second_factor.reset": gettext_lazy("Reset someone's second factor"),
    "user.password_change": gettext_lazy("Changed a password"),
    "user.unlock": gettext_lazy("Unlocked an account"),
    "token.create": gettext_lazy("Created an API token"),
    "token.revoke": gettext_lazy("Revoked an API token"),
    "demo.load": gettext_lazy("Loaded the demo data"),
}

# Reference data and accounts, edited in the admin: ``<type>.create``, ``.update``, ``.delete``.
OBJECT_TYPES: dict[str, Promise] = {
    "case": gettext_lazy("Case"),
    "document": gettext_lazy("Document"),
    "party": gettext_lazy("Party"),
    "user": gettext_lazy("User"),
    "membership": gettext_lazy("Membership"),
    "api_token": gettext_lazy("API token"),
    "organization": gettext_lazy("Organization"),
    "territory": gettext_lazy("Territory"),
    "courtroom": gettext_lazy("Courtroom"),
    "bridge_point": gettext_lazy("Bridge point"),
    "jurisdiction": gettext_lazy("Jurisdiction"),
}
EDITS: dict[str, Promise] = {
    "create": gettext_lazy("%(type)s: created"),
    "update": gettext_lazy("%(type)s: changed"),
    "delete": gettext_lazy("%(type)s: deleted"),
}
EDITED_TYPES = ("user", "membership", "organization", "territory", "courtroom", "bridge_point")

# Kinds of entry, to find them among the rest.
SIGN_INS = Q(action__startswith="login.") | Q(action="logout") | Q(action__startswith="second_factor.")
KINDS: dict[str, tuple[Promise, Q]] = {
    "reads": (gettext_lazy("reads of restricted records"), Q(action__in=RESTRICTED_READS)),
    "sign-ins": (gettext_lazy("log-ins, log-outs and second factors"), SIGN_INS),
    "changes": (gettext_lazy("changes"), ~Q(action__in=RESTRICTED_READS) & ~SIGN_INS),
}


def _language() -> str:
    return get_language() or get_pack().languages[0]


def _step(action: str) -> str:
    """The name of a step of the case workflow in the pack, whichever kind of case has it."""
    for kind in get_pack().kinds.values():
        for transition in kind.transitions:
            if transition.action == action:
                return transition.label(_language())
    return action


def action_label(code: str) -> str:
    """What the action ``code`` means, for people."""
    if code in ACTIONS:
        return str(ACTIONS[code])
    if code.startswith(TRANSITION):
        return _("Moved a case on: %(step)s") % {"step": _step(code.removeprefix(TRANSITION))}
    object_type, _dot, verb = code.rpartition(".")
    if object_type in OBJECT_TYPES and verb in EDITS:
        return str(EDITS[verb]) % {"type": OBJECT_TYPES[object_type]}
    return code


def object_type_label(code: str) -> str:
    return str(OBJECT_TYPES[code]) if code in OBJECT_TYPES else code


def object_label(object_type: str, object_id: str, data: str) -> str:
    """The object of an entry: its type and id, or the number people know a case by; an entry
    about something of a case (a document) names the case's number too."""
    try:
        details = json.loads(data)
    except ValueError:
        details = {}
    number = details.get("number") if isinstance(details, dict) else None
    kind = object_type_label(object_type)
    if not isinstance(number, str) or not number:
        return f"{kind} {object_id}"
    return f"{kind} {number}" if object_type == "case" else f"{kind} {object_id} ({number})"


def action_choices() -> list[tuple[str, str]]:
    """Every action people can filter by, by label; the steps of the workflow as one."""
    edits = [f"{object_type}.{verb}" for object_type in EDITED_TYPES for verb in EDITS]
    choices = [(code, action_label(code)) for code in [*ACTIONS, *edits]]
    choices.append((TRANSITION, _("Moved a case on (any step)")))
    return sorted(choices, key=lambda choice: choice[1].casefold())


def action_filter(code: str) -> Q:
    return Q(action__startswith=TRANSITION) if code == TRANSITION else Q(action=code)


def labelled(text: str) -> Q | None:
    """The entries whose action's label holds ``text`` (any case), for searching by what people
    read; None when no label does."""
    wanted = text.casefold()
    found = [action_filter(code) for code, label in action_choices() if wanted in label.casefold()]
    query = Q()
    for one in found:
        query |= one
    return query if found else None
