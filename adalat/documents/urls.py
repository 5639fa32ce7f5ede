from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("cases/<id:case_id>/documents/", views.case_documents, name="case-documents"),
    path("cases/<id:case_id>/documents/<id:document_id>/versions/", views.version_add, name="version-add"),
    path(
        "cases/<id:case_id>/documents/<id:document_id>/versions/<id:number>/",
        views.download,
        name="download",
    ),
    path("cases/<id:case_id>/documents/<id:document_id>/custody/", views.custody_add, name="custody"),
    path(
        "cases/<id:case_id>/documents/<id:document_id>/versions/<id:number>/sign/",
        views.sign,
        name="sign",
    ),
]
