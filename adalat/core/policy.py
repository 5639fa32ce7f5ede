"""Where the access policy decides: a table of rules, one per action, that the modules fill.

Every module registers the rule for each action on its own resources (``register``) when Django
starts; ``can`` and ``require`` look the action up and ask its rule. ``adalat.accounts.access`` is
the entry point the modules use: it re-exports these, holds the facts about people and cases the
rules are made of, and says which rules read the jurisdiction pack. The table lives here, at the
bottom of the layers, only so that the modules below accounts (organizations) can ask it too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from .errors import PermissionDenied

# A rule answers for one person (None when anonymous) and one object (None for system-wide acts).
Rule = Callable[[Any, Any], bool]

_rules: dict[str, Rule] = {}
_owners: dict[str, str] = {}


def register(action: str, rule: Rule, *, owner: str) -> None:
    """Make ``rule`` decide ``action``. ``owner`` is the module that owns the action's resources;
    an action has exactly one rule."""
    action = str(action)
    if action in _rules and _owners[action] != owner:
        raise ImproperlyConfigured(f"{owner} registers {action!r}, which {_owners[action]} already decides")
    _rules[action] = rule
    _owners[action] = owner


def actions() -> dict[str, str]:
    """Every registered action and the module that owns it."""
    return dict(_owners)


def person_of(user: Any) -> Any:
    """The user if they are logged in and active, else None (anonymous, deactivated)."""
    if user is not None and getattr(user, "is_authenticated", False) and getattr(user, "is_active", False):
        return user
    return None


def can(user: Any, action: str, obj: Any = None) -> bool:
    """Whether ``user`` may do ``action`` to ``obj``. An action no module registered is a mistake
    in the code, not a refusal."""
    try:
        rule = _rules[str(action)]
    except KeyError:
        raise ImproperlyConfigured(f"no module decides the action {action!r}") from None
    return bool(rule(person_of(user), obj))


def require(user: Any, action: str, obj: Any = None, *, message: str = "") -> None:
    """Raise ``PermissionDenied`` unless ``can(user, action, obj)``."""
    if not can(user, action, obj):
        raise PermissionDenied(message)
