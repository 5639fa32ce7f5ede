"""Refuse, with the reason, a Python older than Adalat needs."""

import sys

if sys.version_info < (3, 11):
    sys.exit(f"Adalat needs Python 3.11 or newer; {sys.executable} is {sys.version.split()[0]}. Run: make PYTHON=python3.12 ...")
