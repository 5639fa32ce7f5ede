from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("cases/<int:case_id>/documents/", views.case_documents, name="case-documents"),
    path("cases/<int:case_id>/documents/<int:document_id>/versions/", views.version_add, name="version-add"),
    path(
        "cases/<int:case_id>/documents/<int:document_id>/versions/<int:number>/",
        views.download,
        name="download",
    ),
]
