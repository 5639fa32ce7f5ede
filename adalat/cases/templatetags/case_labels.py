"""Template tags: the pack's names in the reader's language (``cases.labels``)."""

from __future__ import annotations

from django import template

from ..labels import (
    deadline_name,
    deadline_rule,
    is_overdue,
    kind_name,
    role_name,
    stage_name,
    step_name,
    subject_matter,
)

register = template.Library()


for _label in (kind_name, stage_name, step_name, role_name, subject_matter, deadline_rule, deadline_name):
    register.simple_tag(_label)
register.filter("is_overdue", is_overdue)
