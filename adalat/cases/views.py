from django.http import HttpRequest, HttpResponse


def my_work(request: HttpRequest) -> HttpResponse:
    raise NotImplementedError


def case_list(request: HttpRequest) -> HttpResponse:
    raise NotImplementedError


def case_register(request: HttpRequest) -> HttpResponse:
    raise NotImplementedError


def progress(request: HttpRequest) -> HttpResponse:
    raise NotImplementedError
