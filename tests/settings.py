"""Settings for the test suite: the project's settings, with a throw-away data folder."""

import os
import tempfile

os.environ.setdefault("ADALAT_DATA_DIR", tempfile.mkdtemp(prefix="adalat-test-"))

from adalat.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
