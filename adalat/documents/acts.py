"""Acts Adalat writes itself (a motion, a court's decision): made as a PDF from the pack's template
(``acts.yaml``) in the case's language, filed as a document of the case by their author, and signed
by them when they hold a certificate (an act is filed unsigned, to be signed later, when the signing
system fails: the act cannot wait for it).

A module declares each act it files and the fields it fills in (``act_kind``); a pack whose
template uses another field, or that has a template no module files, is refused when Adalat starts
(``checks.acts_check``). A pack without the template of an act files none.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.checks import CheckMessage, Error
from django.core.files.base import ContentFile
from django.db import transaction

from adalat.accounts.models import User
from adalat.cases.models import Case
from adalat.jurisdictions.current import get_pack
from adalat.jurisdictions.loader import act_fields
from adalat.signing.selectors import certificate_current

from .models import Document
from .pdf import Block, pdf_document
from .services import SigningUnavailable, document_upload, document_version_sign

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ActKind:
    code: str
    fields: frozenset[str]
    owner: str


_kinds: dict[str, ActKind] = {}


def act_kind(code: str, *, fields: set[str], owner: str) -> None:
    """Declare an act a module files and the fields it fills in."""
    _kinds[code] = ActKind(code=code, fields=frozenset(fields), owner=owner)


def acts_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """The pack's act templates are each one a module files, and use only the fields it fills in."""
    errors: list[CheckMessage] = []
    for code, template in sorted(get_pack().acts.items()):
        declared = _kinds.get(code)
        if declared is None:
            errors.append(Error(f"acts.yaml: acts.{code}: no module files this act", id="adalat.E003"))
        elif unknown := act_fields(template) - declared.fields:
            errors.append(
                Error(
                    f"acts.yaml: acts.{code}: unknown field {sorted(unknown)[0]!r}; "
                    f"use {', '.join(sorted(declared.fields))}",
                    id="adalat.E004",
                )
            )
    return errors


def _blocks(text: str) -> list[Block]:
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    return [
        Block(paragraph, size=14, before=0, centred=True) if i == 0 else Block(paragraph)
        for i, paragraph in enumerate(paragraphs)
    ]


def act_file(*, actor: User, case: Case, code: str, values: Mapping[str, str]) -> Document | None:
    """Write the act ``code`` for ``case`` with ``values``, file it as ``actor``'s document of the
    case and sign it as them if they hold a certificate; None when the pack has no such template.
    Runs in the caller's transaction, with the case locked."""
    template = get_pack().acts.get(code)
    if template is None:
        return None
    declared = _kinds.get(code)
    if declared is None or not declared.fields <= set(values):
        raise ValueError(f"the act {code!r} is filled with {sorted(values)}, not what its module declared")
    pack = get_pack()
    language = case.language if case.language in pack.languages else pack.languages[0]
    title = " ".join(template.title[language].format_map(values).split())[:200]
    pdf = pdf_document(_blocks(template.body[language].format_map(values)), title=title)
    document = document_upload(
        actor=actor, case=case, title=title, file=ContentFile(pdf), filename=f"{code}-{case.pk}.pdf"
    )
    if certificate_current(user=actor) is not None:
        try:
            with transaction.atomic():
                document_version_sign(actor=actor, version=document.versions.get(number=1))
        except SigningUnavailable:
            # an act that cannot wait (a motion on custody) is filed all the same; its author signs
            # it from its page once the signing system answers again
            logger.warning("The act %s of case %s is filed unsigned: the signing system failed", code, case.pk)
    return document
