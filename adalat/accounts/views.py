from django.http import HttpRequest, HttpResponse


def login(request: HttpRequest) -> HttpResponse:
    raise NotImplementedError


def logout(request: HttpRequest) -> HttpResponse:
    raise NotImplementedError


def tokens(request: HttpRequest) -> HttpResponse:
    raise NotImplementedError
