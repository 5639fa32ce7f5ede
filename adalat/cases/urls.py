from django.urls import path

from . import picker, views, views_outages, views_progress

app_name = "cases"
urlpatterns = [
    path("work/", views.my_work, name="my-work"),
    path("incoming/", views.inbox, name="inbox"),
    path("cases/", views.case_list, name="list"),
    path("cases/new/", views.case_register, name="register"),
    path("directory/", picker.directory_fragment, name="directory"),
    path("cases/<id:case_id>/", views.case_detail, name="detail"),
    path("cases/<id:case_id>/transition/", views.case_transition, name="transition"),
    path("cases/<id:case_id>/receive/", views.handover_receive, name="receive"),
    path("cases/<id:case_id>/return/", views.handover_return, name="return"),
    path("cases/<id:case_id>/judge/", views.case_assign, name="assign"),
    path("cases/<id:case_id>/participants/", views.participant_add, name="participant-add"),
    path(
        "cases/<id:case_id>/participants/<id:participant_id>/remove/",
        views.participant_remove,
        name="participant-remove",
    ),
    path(
        "cases/<id:case_id>/participants/<id:participant_id>/act/",
        views.participant_act,
        name="participant-act",
    ),
    path("cases/<id:case_id>/links/", views.link_add, name="link-add"),
    path("cases/<id:case_id>/links/<id:link_id>/remove/", views.link_remove, name="link-remove"),
    path("progress/", views_progress.progress, name="progress"),
    path("outages/", views_outages.outages, name="outages"),
]
