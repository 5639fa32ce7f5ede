"""The WSGI application that ``adalat run`` and production servers (gunicorn) serve."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "adalat.settings")
application = get_wsgi_application()
