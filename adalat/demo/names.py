"""Names for the demo country: people in Russian (Cyrillic) and in Latin script, companies,
authorities, addresses and contacts. Invented combinations of common names; any likeness
to a real person is chance."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

# --- people, Cyrillic --------------------------------------------------------------------

RU_MALE = (
    "Александр", "Алексей", "Андрей", "Арман", "Асхат", "Бауыржан", "Вадим", "Виктор", "Владимир", "Дамир",
    "Даурен", "Денис", "Дмитрий", "Евгений", "Ерлан", "Игорь", "Ильяс", "Кайрат", "Максим", "Марат",
    "Михаил", "Нурлан", "Олег", "Павел", "Руслан", "Сергей", "Серик", "Тимур", "Фёдор", "Юрий",
)  # fmt: skip
RU_FEMALE = (
    "Айгерим", "Айжан", "Алина", "Алия", "Анна", "Асель", "Валентина", "Гульнара", "Дарья", "Динара",
    "Екатерина", "Елена", "Жанна", "Зарина", "Ирина", "Камила", "Лариса", "Людмила", "Мадина", "Марина",
    "Наталья", "Ольга", "Светлана", "Сауле", "Татьяна", "Юлия",
)  # fmt: skip
# Patronymics as (male, female).
RU_PATRONYMICS = (
    ("Александрович", "Александровна"), ("Алексеевич", "Алексеевна"), ("Андреевич", "Андреевна"),
    ("Викторович", "Викторовна"), ("Владимирович", "Владимировна"), ("Дмитриевич", "Дмитриевна"),
    ("Ерланович", "Ерлановна"), ("Игоревич", "Игоревна"), ("Кайратович", "Кайратовна"),
    ("Маратович", "Маратовна"), ("Михайлович", "Михайловна"), ("Нурланович", "Нурлановна"),
    ("Олегович", "Олеговна"), ("Сергеевич", "Сергеевна"), ("Серикович", "Сериковна"),
    ("Тимурович", "Тимуровна"), ("Юрьевич", "Юрьевна"), ("Болатович", "Болатовна"),
)  # fmt: skip
# Surnames in the male form; the female form is derived.
RU_SURNAMES = (
    "Абенов", "Ахметов", "Бекмуратов", "Белов", "Волков", "Григорьев", "Жаксыбеков", "Жумабаев", "Захаров",
    "Иванов", "Исмаилов", "Касымов", "Кенжебеков", "Ковалев", "Козлов", "Кузнецов", "Лебедев", "Мамыров",
    "Медведев", "Морозов", "Назаров", "Новиков", "Нурпеисов", "Омаров", "Орлов", "Павлов", "Петров",
    "Рахимов", "Сапаров", "Сарсенов", "Семенов", "Серикбаев", "Смирнов", "Соколов", "Султанов", "Тарасов",
    "Тулегенов", "Турсунов", "Федоров", "Юсупов", "Яковлев", "Бондаренко", "Шевченко", "Ковальчук",
    "Жуковский", "Садвакасов", "Утегенов", "Ёлкин",
)  # fmt: skip

# --- people, Latin script ----------------------------------------------------------------

LATIN_MALE = (
    "Aibek", "Alisher", "Arman", "Askar", "Azamat", "Bakhyt", "Bekzat", "Bobur", "Daniyar", "Dauren",
    "Farrukh", "Jasur", "Kanat", "Marat", "Nurlan", "Olzhas", "Rustam", "Sanjar", "Sherzod", "Timur",
    "Yerlan", "Zhandos",
)  # fmt: skip
LATIN_FEMALE = (
    "Aigerim", "Aizhan", "Aliya", "Asel", "Dilnoza", "Dinara", "Gulnara", "Kamila", "Laura", "Madina",
    "Malika", "Nilufar", "Saule", "Shakhnoza", "Zarina", "Zhanna",
)  # fmt: skip
LATIN_SURNAMES = (
    "Abdullaev", "Akhmetov", "Alimov", "Baimukhanov", "Bekov", "Ismailov", "Kassymov", "Kenzhebekov",
    "Khodjaev", "Mamyrov", "Nazarov", "Nurmagambetov", "Nurpeisov", "Omarov", "Rakhimov", "Sarsenov",
    "Serikbayev", "Sultanov", "Tursunov", "Utegenov", "Yuldashev", "Yusupov", "Zhaksylykov",
)  # fmt: skip
# A few names from neighbouring languages, with the letters a search must fold.
LATIN_OTHERS = (
    ("Məmmədova", "Aynur"), ("Əliyev", "Rəşad"), ("Yılmaz", "Ömer"), ("Müller", "Jürgen"),
    ("Oʻrinova", "Gulnoza"), ("Nguyễn Văn", "An"), ("Trần Thị", "Lan"), ("Đặng Minh", "Đức"),
    ("Hovhannisyan", "Ani"), ("Łukaszewicz", "Paweł"),
)  # fmt: skip

# --- organizations -------------------------------------------------------------------------

RU_COMPANY_ROOTS = (
    "Алатау", "Алтын", "Береке", "Достык", "Жетысу", "Каспий", "Нур", "Север", "Степь", "Темир", "Тулпар",
    "Шанырак", "Байтерек", "Сункар", "Арай",
)  # fmt: skip
RU_COMPANY_SUFFIXES = ("Строй", "Транс", "Агро", "Логистик", "Инвест", "Сервис", "Торг", "Энерго", "Фарм", "Телеком")
RU_COMPANY_FORMS = ("ТОО", "АО", "ТОО", "ТОО")
LATIN_COMPANY_ROOTS = (
    "Altyn", "Baiterek", "Caspian", "Nomad", "Silk Road", "Steppe", "Sunkar", "Tulpar", "Zhetysu", "Arai",
    "Aral", "Tengri",
)  # fmt: skip
LATIN_COMPANY_SUFFIXES = (
    "Logistics", "Trading", "Construction", "Agro", "Energy", "Pharma", "Telecom", "Finance", "Motors", "Foods",
)  # fmt: skip
LATIN_COMPANY_FORMS = ("LLP", "JSC", "LLP", "Ltd")
BANKS = (
    ("АО «Народный сберегательный банк»", "People's Savings Bank JSC"),
    ("АО «Степной кредитный банк»", "Steppe Credit Bank JSC"),
    ("АО «Банк Алтын Капитал»", "Altyn Capital Bank JSC"),
    ("АО «Жилищный строительный банк»", "Housing Construction Bank JSC"),
    ("ТОО «Микрофинансовая организация Быстрые деньги»", "QuickCash Microfinance LLP"),
    ("АО «Страховая компания Сенім»", "Senim Insurance JSC"),
)
AUTHORITIES = (
    ("Департамент государственных доходов по Северной области", "State Revenue Department of the Northern Region"),
    ("Департамент государственных доходов по Южной области", "State Revenue Department of the Southern Region"),
    ("Управление земельных отношений Северной области", "Land Relations Office of the Northern Region"),
    ("Управление земельных отношений Южной области", "Land Relations Office of the Southern Region"),
    ("Департамент социальной защиты", "Department of Social Protection"),
    ("Комитет по лицензированию", "Licensing Committee"),
    ("Агентство по делам государственной службы", "Civil Service Agency"),
    ("Центральная избирательная комиссия", "Central Electoral Commission"),
    ("Акимат города Есиль", "Yessil City Administration"),
    ("Акимат города Аксу", "Aksu City Administration"),
    ("Управление полиции Северной области", "Police Department of the Northern Region"),
)

# --- places and contacts -------------------------------------------------------------------

RU_STREETS = ("Абая", "Ленина", "Достык", "Мира", "Гагарина", "Сейфуллина", "Пушкина", "Кабанбай батыра", "Жибек жолы")
LATIN_STREETS = ("Abai", "Dostyk", "Mira", "Gagarin", "Seifullin", "Kabanbay Batyr", "Zhibek Zholy", "Tole Bi")
MAIL_DOMAINS = ("example.org", "example.com", "example.net")

_TRANSLIT = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі",
        (
            "a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t",
            "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya",
            "a", "g", "q", "n", "o", "u", "u", "h", "i",
        ),
        strict=True,
    )
)  # fmt: skip


def transliterate(text: str) -> str:
    """Latin letters for an e-mail address: ``Ёлкин`` -> ``elkin``."""
    out = []
    for ch in text.casefold():
        latin = _TRANSLIT.get(ch)
        if latin is None:
            out.append(ch if ch.isascii() and ch.isalnum() else "")
        else:
            out.append(latin)
    return "".join(out)


def female_surname(surname: str) -> str:
    if surname.endswith(("ов", "ев", "ёв", "ин", "ov", "ev", "yev", "in")):
        return surname + "а" if surname[-1] in "вн" else surname + "a"
    if surname.endswith("ский"):
        return surname[:-4] + "ская"
    return surname


@dataclass(frozen=True, slots=True)
class Person:
    name: str  # surname first, as court papers write it
    first_name: str
    last_name: str
    latin: str  # a Latin-letter form for e-mail addresses
    female: bool


def person(rng: random.Random, *, cyrillic: bool) -> Person:
    """A person's name: ``Сапарова Айгерим Маратовна`` or ``Sarsenov Daniyar``."""
    female = rng.random() < 0.5
    if cyrillic:
        first = rng.choice(RU_FEMALE if female else RU_MALE)
        surname = rng.choice(RU_SURNAMES)
        last = female_surname(surname) if female else surname
        patronymic = rng.choice(RU_PATRONYMICS)[1 if female else 0]
        return Person(
            f"{last} {first} {patronymic}", first, last, f"{transliterate(first)}.{transliterate(last)}", female
        )
    if rng.random() < 0.06:
        last, first = rng.choice(LATIN_OTHERS)
        female = last.endswith(("a", "Thị")) or first in ("Ani", "Lan", "Gulnoza", "Aynur")
    else:
        first = rng.choice(LATIN_FEMALE if female else LATIN_MALE)
        surname = rng.choice(LATIN_SURNAMES)
        last = female_surname(surname) if female else surname
    latin = f"{transliterate(first)}.{transliterate(last)}".encode("ascii", "ignore").decode()
    return Person(f"{last} {first}", first, last, latin, female)


def company(rng: random.Random, *, cyrillic: bool) -> str:
    if cyrillic:
        form = rng.choice(RU_COMPANY_FORMS)
        return f"{form} «{rng.choice(RU_COMPANY_ROOTS)}{rng.choice(RU_COMPANY_SUFFIXES)}»"
    return f"{rng.choice(LATIN_COMPANY_ROOTS)} {rng.choice(LATIN_COMPANY_SUFFIXES)} {rng.choice(LATIN_COMPANY_FORMS)}"


def address(rng: random.Random, *, cyrillic: bool, town: str) -> str:
    house, flat = rng.randint(1, 180), rng.randint(1, 240)
    if cyrillic:
        return f"г. {town}, ул. {rng.choice(RU_STREETS)}, {house}, кв. {flat}"
    return f"{rng.choice(LATIN_STREETS)} St. {house}, apt {flat}, {town}"


def phone(rng: random.Random) -> str:
    return f"+7 7{rng.randint(0, 99):02d} {rng.randint(0, 999):03d} {rng.randint(0, 99):02d} {rng.randint(0, 99):02d}"


def email(rng: random.Random, latin: str) -> str:
    return f"{latin or 'mail'}{rng.randint(1, 999)}@{rng.choice(MAIL_DOMAINS)}"


def birth_date(rng: random.Random, today: dt.date, *, youngest: int = 18, oldest: int = 80) -> dt.date:
    """A date of birth for someone aged ``youngest`` to ``oldest`` on ``today``."""
    days = rng.randint(youngest * 366, oldest * 365)
    return today - dt.timedelta(days=days)
