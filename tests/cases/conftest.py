"""Fixtures of the case file's tests."""

from tests.cases.pretrial import pretrial

__all__ = ["pretrial"]
