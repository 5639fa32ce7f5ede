"""The pack this installation runs, as loaded and validated by the settings."""

from __future__ import annotations

from django.conf import settings

from .schema import Pack


def get_pack() -> Pack:
    pack: Pack = settings.PACK
    return pack
