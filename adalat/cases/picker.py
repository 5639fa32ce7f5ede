"""The participant picker of the case page and of the registration form: typing a name shows what
the directory has (an htmx fragment), and a form sent without choosing is shown again with it, so
that a prosecutor's office or a known person is chosen rather than typed again (decision 0036)."""

from __future__ import annotations

import re

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from adalat.accounts import screens
from adalat.accounts.access import AnyUser
from adalat.core.text import search_words

from . import directory
from .forms import ParticipantForm

FIELD = re.compile(r"^(add|participants-[0-9]{1,2})$")  # the forms that have a picker
MAX_QUERY = 100


def show_offers(form: ParticipantForm, user: AnyUser) -> bool:
    """Offer on ``form`` what the directory has for what was typed: the entry already chosen, the
    organizations and known parties by the name, the known party with the identity number. Whether
    anything is offered (found once per form)."""
    if form.offered:
        return bool(form.offers)
    form.offered = True
    entries = []
    chosen = str(form["known"].value() or "")
    if directory.parse_choice(chosen) and (entry := directory.directory_entry(user=user, choice=chosen)):
        entries.append(entry)
    name = str(form["name"].value() or "")[:MAX_QUERY]
    entries += directory.directory_search(user=user, query=name)
    national_id = str(form["national_id"].value() or "").strip()
    if national_id and len(national_id) <= 32:
        known = directory.party_known(user=user, kind=str(form["kind"].value() or ""), national_id=national_id)
        if known is not None:
            entries.append(directory.party_entry(known))
            if search_words(known.name) != search_words(name):
                form.known_by_number = directory.party_entry(known)
    form.offer(entries)
    return bool(form.offers)


def offer_and_ask(form: ParticipantForm, user: AnyUser) -> bool:
    """Offer what the directory has and, if a new party was typed without saying whether it is one
    of them, ask the person to choose (whatever else is wrong with the form). Whether it asked."""
    if show_offers(form, user) and form.undecided():
        ask_to_choose(form)
        return True
    return False


def ask_to_choose(form: ParticipantForm) -> None:
    """Ask the person to choose among the offers rather than add a new party unnoticed."""
    known = form.known_by_number
    if known is not None and "national_id" not in form.errors:
        form.add_error(
            "national_id",
            _("This number is known as %(name)s: choose them below, or choose a new party.") % {"name": known.name},
        )
    form.add_error(
        "known",
        _("This may already be in the directory: choose it below, or choose a new party if it is none of these."),
    )


@screens.screen
def directory_fragment(request: HttpRequest) -> HttpResponse:
    """What the directory has for the name being typed in a participant form (``field`` names the
    form: ``add``, ``participants-0``...), as radio buttons that the form sends."""
    user = screens.screen_user(request)
    field = request.GET.get("field", "")
    if not FIELD.match(field):
        return screens.problem_page(request, 400, _("Unknown form."))
    query = request.GET.get(f"{field}-name", "")[:MAX_QUERY]
    context = {
        "entries": directory.directory_search(user=user, query=query),
        "searched": directory.searchable(query),
        "known_name": f"{field}-known",
        "chosen": "",
    }
    return render(request, "cases/_directory.html", context)
