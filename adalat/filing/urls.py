from django.urls import path

from . import views

app_name = "filing"
urlpatterns = [
    path("claims/", views.filings, name="list"),
    path("claims/new/", views.filing_new, name="new"),
    path("claims/<id:filing_id>/", views.filing_detail, name="detail"),
    path("claims/<id:filing_id>/attachments/", views.attachment_add, name="attach"),
    path("claims/<id:filing_id>/attachments/<id:attachment_id>/", views.attachment_download, name="attachment"),
    path("claims/<id:filing_id>/attachments/<id:attachment_id>/remove/", views.attachment_remove, name="detach"),
    path("claims/<id:filing_id>/pay/", views.pay, name="pay"),
    path("claims/<id:filing_id>/accept/", views.accept, name="accept"),
    path("claims/<id:filing_id>/return/", views.return_, name="return"),
]
