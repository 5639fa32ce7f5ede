"""Refuse, with the reason, a Python older than Adalat needs."""

import sys

if sys.version_info < (3, 11):  # noqa: UP036 - this script runs under whatever python3 the machine has
    version = sys.version.split()[0]
    sys.exit(f"Adalat needs Python 3.11 or newer; {sys.executable} is {version}. Try: make PYTHON=python3.12")
