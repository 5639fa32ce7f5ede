"""Template tags: the pack's names in the reader's language (``cases.labels``)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from ..forms import language_name
from ..labels import (
    category_name,
    deadline_name,
    deadline_rule,
    is_overdue,
    kind_name,
    role_name,
    stage_name,
    step_name,
    subject_matter,
)
from ..models import Case
from ..panels import banners_render

register = template.Library()


for _label in (
    category_name,
    kind_name,
    stage_name,
    step_name,
    role_name,
    subject_matter,
    deadline_rule,
    deadline_name,
):
    register.simple_tag(_label)
register.filter("is_overdue", is_overdue)
register.simple_tag(language_name)


@register.simple_tag(takes_context=True)
def case_banners(context: Any, case: Case) -> SafeString:
    """The modules' warnings at the top of a screen of ``case``."""
    request = context.get("request")
    return banners_render(request, case) if request is not None else SafeString("")
