from django.urls import path

from . import views

app_name = "restraint"
urlpatterns = [
    path("custody/", views.custody, name="custody"),
    path("cases/<id:case_id>/measures/", views.apply, name="apply"),
    path("cases/<id:case_id>/measures/motion/", views.move, name="move"),
    path("cases/<id:case_id>/measures/<id:measure_id>/extend/", views.extend, name="extend"),
    path("cases/<id:case_id>/measures/<id:measure_id>/end/", views.end, name="end"),
    path("cases/<id:case_id>/motion/decision/", views.decide, name="decide"),
]
