from django.urls import path

from . import views

app_name = "petitions"
urlpatterns = [
    path("petitions/", views.waiting, name="waiting"),
    path("cases/<id:case_id>/petitions/", views.file, name="file"),
    path("cases/<id:case_id>/petitions/<id:petition_id>/answer/", views.answer, name="answer"),
]
