"""Settings of a task worker that a test starts: the suite's, with the test subscriber installed."""

from tests.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "tests.cases.listener"]  # noqa: F405
