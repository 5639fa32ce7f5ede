from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from adalat.api.urls import api

urlpatterns = [
    path("", include("adalat.portal.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("accounts/", include("adalat.accounts.urls")),
    path("", include("adalat.cases.urls")),
    path("", include("adalat.documents.urls")),
    path("", include("adalat.supervision.urls")),
    path("", include("adalat.restraint.urls")),
    path("", include("adalat.filing.urls")),
    path("", include("adalat.petitions.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

# Adalat's own pages for the errors a person can reach (problem details under /api/).
handler400 = "adalat.core.error_pages.bad_request"
handler403 = "adalat.core.error_pages.permission_denied"
handler404 = "adalat.core.error_pages.page_not_found"
handler500 = "adalat.core.error_pages.server_error"
