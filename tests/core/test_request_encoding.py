"""Requests are read as UTF-8 whatever character set they declare: a declared ``unicode_escape``
or ``utf-7`` cannot smuggle text that no database holds, and an unknown or binary codec is no
server error. Bytes that are not UTF-8 (percent-encoded in a form) arrive as U+FFFD.

These requests go through the WSGI application the servers run, as a server would pass them."""

from __future__ import annotations

import io
import sys
from typing import Any

import pytest
from django.test import Client

from adalat.accounts.models import User
from adalat.accounts.tokens import token_create
from adalat.cases.models import Case, CaseEvent
from adalat.core.utf8 import content_type_plain
from adalat.wsgi import application
from tests.api.clients import ALL_SCOPES
from tests.api.wsgi import connections_kept
from tests.cases.factories import register
from tests.conftest import World

pytestmark = pytest.mark.django_db
CHARSETS = ["unicode_escape", "raw_unicode_escape", "utf-7", "hex", "idna", "punycode", "no-such-charset"]
CSRF = "a" * 32


def call(
    method: str, path: str, *, query: str = "", content_type: str = "", body: bytes = b"", **headers: str
) -> tuple[int, bytes]:
    environ: dict[str, Any] = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "CONTENT_LENGTH": str(len(body)),
        "CONTENT_TYPE": content_type,
        **{f"HTTP_{name.upper()}": value for name, value in headers.items()},
    }
    answer: dict[str, int] = {}

    def start_response(status: str, response_headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        answer["status"] = int(status.split()[0])

    with connections_kept():
        content = b"".join(application(environ, start_response))
    return answer["status"], content


def session_of(user: User) -> dict[str, str]:
    client = Client()
    client.force_login(user)
    return {"cookie": f"sessionid={client.cookies['sessionid'].value}; csrftoken={CSRF}", "x_csrftoken": CSRF}


def bearer(user: User) -> dict[str, str]:
    _token, raw = token_create(actor=user, user=user, name="tests", scopes=ALL_SCOPES, days=30)
    return {"authorization": f"Bearer {raw}"}


@pytest.fixture
def case(world: World) -> Case:
    return register(clerk=world.clerk, court=world.court, judge=world.judge)


@pytest.mark.parametrize("charset", CHARSETS)
def test_a_form_declaring_another_charset_is_read_as_utf8(world: World, case: Case, charset: str) -> None:
    status, _ = call(
        "POST",
        f"/cases/{case.pk}/transition/",
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
        body=b"action=accept&expected_version=1&note=a%5Cud800+%2B2AA-",
        **session_of(world.clerk),
    )
    assert status == 302
    event = CaseEvent.objects.get(case=case, code="transition", data__action="accept")
    assert event.texts.get(name="note").text == "a\\ud800 +2AA-"


@pytest.mark.parametrize("charset", CHARSETS)
def test_a_search_declaring_another_charset_is_read_as_utf8(world: World, charset: str) -> None:
    content_type = f"text/plain; charset={charset}"
    status, _ = call("GET", "/cases/", query="q=%5Cud800", content_type=content_type, **session_of(world.clerk))
    assert status == 200
    status, body = call("GET", "/api/v1/cases", query="q=%5Cud800", content_type=content_type, **bearer(world.clerk))
    assert status == 200, body


def test_a_form_with_bytes_that_are_not_utf8_keeps_the_replacement_character(world: World, case: Case) -> None:
    status, _ = call(
        "POST",
        f"/cases/{case.pk}/transition/",
        content_type="application/x-www-form-urlencoded",
        body=b"action=accept&expected_version=1&note=a%ED%A0%80b%FF",
        **session_of(world.clerk),
    )
    assert status == 302
    note = CaseEvent.objects.get(case=case, code="transition", data__action="accept").texts.get(name="note").text
    assert note.startswith("a\ufffd") and note.endswith("b\ufffd")


def test_the_multipart_boundary_is_kept() -> None:
    assert (
        content_type_plain('multipart/form-data; charset=hex; boundary="a;b"') == 'multipart/form-data; boundary="a;b"'
    )
    assert content_type_plain("multipart/form-data;boundary=xyz;charset=utf-7") == "multipart/form-data; boundary=xyz"
    assert content_type_plain("application/json") == "application/json"
