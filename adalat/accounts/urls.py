from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login, name="login"),
    path("login/code/", views.verify, name="verify"),
    path("login/enrol/", views.enrol, name="enrol"),
    path("logout/", views.logout, name="logout"),
    path("logout-everywhere/", views.logout_everywhere, name="logout-everywhere"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<id:token_id>/revoke/", views.token_revoke_view, name="token-revoke"),
]
