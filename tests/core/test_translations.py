"""The Russian catalogue: complete, faithful to its placeholders, compiled, and used by the pages."""

from __future__ import annotations

import datetime as dt
import gettext
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from adalat.cases.services import ParticipantData, PartyData
from adalat.core import clock
from tests.accounts.factories import PASSWORD
from tests.cases.factories import register
from tests.conftest import World

MESSAGES = Path(settings.LOCALE_PATHS[0]) / "ru" / "LC_MESSAGES"
RUSSIAN_PLURALS = (
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
)
# A number that picks each Russian plural form: 1 книга, 2 книги, 5 книг.
FORM_SAMPLES = (1, 2, 5)

# What must survive translation unchanged: printf placeholders, HTML entities and tags.
PLACEHOLDER = re.compile(
    r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]"  # %(name)s, %s, %d, %(seconds).1f, %%
    r"|&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);"  # &nbsp; &#8212;
    r"|</?[a-zA-Z][^>]*>"  # <strong>, </a>
)
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


@dataclass
class Message:
    line: int
    msgid: str = ""
    context: str | None = None
    plural: str | None = None
    flags: set[str] = field(default_factory=set)
    strings: dict[int, str] = field(default_factory=dict)  # msgstr, or msgstr[n] by n


def _unquote(text: str) -> str:
    text = text.strip()
    assert text.startswith('"') and text.endswith('"'), text
    return re.sub(r"\\(.)", lambda m: ESCAPES[m.group(1)], text[1:-1])


def read_po(path: Path) -> list[Message]:
    """The entries of a .po file (the header included, obsolete ``#~`` entries left out)."""
    messages: list[Message] = []
    current: Message | None = None
    target: tuple[str, int] = ("msgid", 0)
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#"):
            if current is not None and current.strings:  # a comment opens the next entry
                current = None
            if current is None:
                current = Message(line=number)
                messages.append(current)
            if line.startswith("#,"):
                current.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith('"'):
            assert current is not None, f"line {number}: a string outside an entry"
            _append(current, target, _unquote(line))
            continue
        keyword, _, rest = line.partition(" ")
        if current is None or (keyword in ("msgctxt", "msgid") and current.strings):
            current = Message(line=number)
            messages.append(current)
        index = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
        if index:
            target = ("msgstr", int(index.group(1)))
        else:
            assert keyword in ("msgctxt", "msgid", "msgid_plural", "msgstr"), f"line {number}: {keyword}"
            target = (keyword, 0)
        _append(current, target, _unquote(rest), start=True)
    return messages


def _append(message: Message, target: tuple[str, int], text: str, *, start: bool = False) -> None:
    keyword, index = target
    if keyword == "msgstr":
        message.strings[index] = ("" if start else message.strings[index]) + text
    elif keyword == "msgctxt":
        message.context = ("" if start else message.context or "") + text
    elif keyword == "msgid_plural":
        message.plural = ("" if start else message.plural or "") + text
    else:
        message.msgid = ("" if start else message.msgid) + text


def placeholders(text: str) -> Counter[str]:
    return Counter(PLACEHOLDER.findall(text))


@pytest.fixture(scope="module")
def catalogue() -> tuple[dict[str, str], list[Message]]:
    entries = read_po(MESSAGES / "django.po")
    header = next(entry for entry in entries if entry.msgid == "" and entry.context is None)
    fields = dict(line.split(": ", 1) for line in header.strings[0].splitlines() if ": " in line)
    return fields, [entry for entry in entries if entry is not header]


def test_the_header_is_the_russian_one(catalogue: tuple[dict[str, str], list[Message]]) -> None:
    header, _ = catalogue
    assert header["Language"] == "ru"
    assert header["Content-Type"] == "text/plain; charset=UTF-8"
    assert header["Plural-Forms"] == RUSSIAN_PLURALS


def test_every_message_is_translated_and_none_is_fuzzy(catalogue: tuple[dict[str, str], list[Message]]) -> None:
    _, messages = catalogue
    assert len(messages) > 100  # the catalogue was read, not an empty file
    assert any(message.plural for message in messages)
    problems = []
    for message in messages:
        forms = range(3) if message.plural is not None else range(1)
        if "fuzzy" in message.flags:
            problems.append(f"line {message.line}: fuzzy: {message.msgid!r}")
        if sorted(message.strings) != list(forms) or not all(message.strings[i].strip() for i in forms):
            problems.append(f"line {message.line}: not translated: {message.msgid!r}")
    assert problems == []


def test_translations_keep_the_placeholders_of_their_source(
    catalogue: tuple[dict[str, str], list[Message]],
) -> None:
    _, messages = catalogue
    problems = []
    for message in messages:
        expected = placeholders(message.msgid)
        if message.plural is not None:
            assert placeholders(message.plural) == expected, message.msgid
        for index, translated in message.strings.items():
            if translated and placeholders(translated) != expected:
                problems.append(f"line {message.line}, form {index}: {message.msgid!r} -> {translated!r}")
    assert problems == []


def test_the_compiled_catalogue_holds_what_the_po_file_says(
    catalogue: tuple[dict[str, str], list[Message]],
) -> None:
    """A .po edited without ``adalat compilemessages`` afterwards fails here."""
    header, messages = catalogue
    with (MESSAGES / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    assert compiled.info()["plural-forms"] == header["Plural-Forms"]
    stale = []
    for message in messages:
        if message.plural is None:
            found = [
                compiled.pgettext(message.context, message.msgid)
                if message.context is not None
                else compiled.gettext(message.msgid)
            ]
        else:
            found = [
                compiled.npgettext(message.context, message.msgid, message.plural, n)
                if message.context is not None
                else compiled.ngettext(message.msgid, message.plural, n)
                for n in FORM_SAMPLES
            ]
        if found != [message.strings[i] for i in range(len(found))]:
            stale.append(message.msgid)
    assert stale == []


# --- the pages, in Russian ---------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def back_to_the_default_language() -> Iterator[None]:
    """A request in Russian leaves Russian active in this thread; the next tests expect the default."""
    yield
    translation.deactivate()


def in_russian(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    return client


@pytest.mark.django_db
def test_the_case_list_speaks_russian(client: Client, world: World) -> None:
    accused = [ParticipantData(role="accused", party=PartyData(kind="person", name="Petrova Anna"))]
    case = register(
        clerk=world.clerk,
        court=world.court,
        participants=accused,
        received_on=clock.today_in(world.court.time_zone) - dt.timedelta(days=2),
    )
    client.force_login(world.clerk)
    html = in_russian(client).get("/cases/").content.decode()

    assert '<html lang="ru">' in html
    assert case.number in html
    for text in (
        "Рабочий стол",
        "Дела",
        "Вид дела",
        "Стадия",
        "Поступило",
        "Процессуальный срок",
        "Дела 1\u20131 из 1",
    ):
        assert text in html, text
    # The pack's names in the pack's Russian: the kind and the stage of the case.
    assert "Уголовное" in html and "Поступило" in html
    assert "Register a case" not in html and "Criminal" not in html


@pytest.mark.django_db
def test_the_register_page_speaks_russian(client: Client, world: World) -> None:
    client.force_login(world.clerk)
    html = in_russian(client).get("/cases/new/").content.decode()

    for text in ("Регистрация дела", "Зарегистрировать дело", "Стороны и участники процесса", "Дата поступления"):
        assert text in html, text
    for kind in ("Уголовное", "Гражданское"):
        assert kind in html, kind
    assert "Register the case" not in html


@pytest.mark.django_db
def test_a_refused_registration_explains_itself_in_russian(client: Client, world: World) -> None:
    client.force_login(world.clerk)
    tomorrow = clock.today_in(world.court.time_zone) + dt.timedelta(days=1)
    data = {
        "organization": str(world.court.pk),
        "kind": "criminal",
        "title": " ",
        "received_on": tomorrow.isoformat(),
        "confidentiality": "normal",
        "articles": "158(1)",
        "participants-TOTAL_FORMS": "1",
        "participants-INITIAL_FORMS": "0",
        "participants-0-role": "accused",
        "participants-0-kind": "person",
        "participants-0-name": "Petrov Pavel",
    }
    response = in_russian(client).post("/cases/new/", data)

    html = response.content.decode()
    assert response.status_code == 422
    assert "Дело ещё не зарегистрировано: исправьте отмеченные ниже поля." in html
    assert "Кратко укажите" in html  # what the case is about: the subject was blank
    assert "Дата поступления не может быть в будущем." in html


@pytest.mark.django_db
def test_the_login_page_follows_the_browsers_language(client: Client) -> None:
    html = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="ru-RU,ru;q=0.9,en;q=0.5").content.decode()

    assert '<html lang="ru">' in html
    for text in ("Вход", "Имя пользователя", "Пароль"):
        assert text in html, text
    assert "Username" not in html


@pytest.mark.django_db
def test_a_wrong_password_is_refused_in_russian(client: Client, world: World) -> None:
    response = in_russian(client).post(
        "/accounts/login/", {"username": world.clerk.username, "password": "not " + PASSWORD}
    )

    assert "Неверное имя пользователя или пароль." in response.content.decode()
