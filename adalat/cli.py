"""``adalat``: the one command. It is Django's ``manage.py`` under Adalat's name, so that
``adalat run``, ``adalat demo``, ``adalat audit verify`` and every management command work."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "adalat.settings")
    from django.core.management import execute_from_command_line  # noqa: PLC0415 (settings first)

    execute_from_command_line(["adalat", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
