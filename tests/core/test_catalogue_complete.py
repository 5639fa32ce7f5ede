"""Every message in the code and the templates is in the Russian catalogue: a screen or an error
added without its translation fails here (the other tests check what the catalogue holds)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from tests.core.test_translations import read_po

SOURCE = Path(settings.BASE_DIR) / "adalat"


def test_every_message_of_the_code_is_in_the_catalogue(tmp_path: Path) -> None:
    copy = tmp_path / "adalat"
    shutil.copytree(SOURCE, copy, ignore=shutil.ignore_patterns("vendor", "__pycache__", "*.mo"))
    catalogue = copy / "locale" / "ru" / "LC_MESSAGES" / "django.po"
    before = {m.msgid for m in read_po(catalogue) if m.msgid}
    cwd = os.getcwd()
    try:
        os.chdir(copy)
        with override_settings(LOCALE_PATHS=[copy / "locale"]):
            call_command("makemessages", locale=["ru"], no_obsolete=True, ignore_patterns=["vendor/*"], verbosity=0)
    finally:
        os.chdir(cwd)
    after = {m.msgid for m in read_po(catalogue) if m.msgid}
    assert sorted(after - before) == [], "messages missing from adalat/locale/ru/LC_MESSAGES/django.po"
