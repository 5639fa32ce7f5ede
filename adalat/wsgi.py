"""The WSGI application that ``adalat run`` and production servers (gunicorn) serve."""

import os

from django.core.wsgi import get_wsgi_application

from adalat.core.utf8 import utf8_requests

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "adalat.settings")
application = utf8_requests(get_wsgi_application())
