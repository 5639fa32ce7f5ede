from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("work/", views.my_work, name="my-work"),
    path("cases/", views.case_list, name="list"),
    path("cases/new/", views.case_register, name="register"),
    path("progress/", views.progress, name="progress"),
]
