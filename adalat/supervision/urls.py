from django.urls import path

from . import views

app_name = "supervision"
urlpatterns = [
    path("instructions/", views.waiting, name="waiting"),
    path("cases/<id:case_id>/instructions/", views.give, name="give"),
    path("cases/<id:case_id>/instructions/<id:instruction_id>/answer/", views.answer, name="answer"),
]
