"""What the demo cases are about: subjects in Russian and English, with the legal article or
the claim category of the demo pack. Kinds another pack declares get a subject made from
the pack's own names."""

from __future__ import annotations

import random
from dataclasses import dataclass

from adalat.jurisdictions.schema import CaseKind, Subject


@dataclass(frozen=True, slots=True)
class CaseSubject:
    title: str
    articles: tuple[str, ...] = ()
    category: str = ""


# (Russian, English, article)
CRIMINAL = (
    ("Кража", "Theft", "188(2)"),
    ("Кража в крупном размере", "Large-scale theft", "188(3)"),
    ("Мошенничество", "Fraud", "190(1)"),
    ("Мошенничество с использованием информационных систем", "Computer fraud", "190(2)"),
    ("Грабёж", "Robbery", "191(1)"),
    ("Разбой", "Armed robbery", "192(1)"),
    ("Хулиганство", "Hooliganism", "293(1)"),
    ("Умышленное причинение вреда здоровью средней тяжести", "Intentional bodily harm", "107(1)"),
    ("Незаконный оборот наркотических средств", "Drug trafficking", "297(2)"),
    ("Получение взятки", "Taking a bribe", "366(1)"),
    ("Нарушение правил дорожного движения, повлёкшее тяжкий вред", "Traffic offence causing grave harm", "345(2)"),
    ("Присвоение или растрата вверенного имущества", "Embezzlement", "189(2)"),
    ("Вымогательство", "Extortion", "194(1)"),
    ("Уклонение от уплаты налогов", "Tax evasion", "245(1)"),
)
CRIMINAL_WEIGHTS = (30, 6, 18, 8, 8, 3, 8, 6, 6, 2, 4, 4, 2, 2)
MISDEMEANOUR = (
    ("Превышение установленной скорости движения", "Speeding", "592(3)"),
    ("Мелкое хулиганство", "Petty hooliganism", "434(1)"),
    ("Управление транспортным средством в состоянии опьянения", "Driving under the influence", "608(1)"),
    ("Нарушение санитарных правил", "Breach of sanitary rules", "425(1)"),
    ("Торговля в неустановленных местах", "Street trading without a permit", "204(1)"),
    ("Неуплата штрафа в срок", "Late payment of a fine", "669(1)"),
    ("Нарушение правил благоустройства", "Breach of public amenity rules", "505(1)"),
)
MISDEMEANOUR_WEIGHTS = (30, 20, 12, 8, 10, 12, 8)
CATEGORIES: dict[str, dict[str, tuple[tuple[str, str], ...]]] = {
    "civil": {
        "contract": (
            ("Взыскание задолженности по договору займа", "Recovery of a loan debt"),
            ("Взыскание задолженности по договору поставки", "Recovery of a supply contract debt"),
            ("Расторжение договора подряда", "Termination of a works contract"),
        ),
        "property": (
            ("Истребование имущества из чужого незаконного владения", "Recovery of property"),
            ("Раздел совместно нажитого имущества", "Division of joint property"),
        ),
        "family": (
            ("Расторжение брака", "Divorce"),
            ("Взыскание алиментов на содержание ребёнка", "Child support"),
            ("Определение места жительства ребёнка", "Residence of a child"),
        ),
        "labour": (
            ("Восстановление на работе", "Reinstatement at work"),
            ("Взыскание невыплаченной заработной платы", "Unpaid wages"),
        ),
        "inheritance": (("Признание права собственности в порядке наследования", "Recognition of inheritance rights"),),
        "housing": (
            ("Выселение из жилого помещения", "Eviction"),
            ("Взыскание задолженности за коммунальные услуги", "Utility arrears"),
        ),
        "damages": (
            ("Возмещение ущерба, причинённого дорожно-транспортным происшествием", "Damage from a road accident"),
            ("Компенсация морального вреда", "Non-pecuniary damage"),
            ("Возмещение ущерба от залива квартиры", "Water damage to a flat"),
        ),
    },
    "administrative": {
        "tax": (("Обжалование уведомления о начислении налога", "Challenge to a tax assessment"),),
        "land": (("Оспаривание отказа в предоставлении земельного участка", "Refusal to grant a land plot"),),
        "licensing": (
            ("Оспаривание отзыва лицензии", "Revocation of a licence"),
            ("Оспаривание отказа в выдаче разрешения на строительство", "Refusal of a building permit"),
        ),
        "civil_service": (("Оспаривание увольнения с государственной службы", "Dismissal from the civil service"),),
        "social_benefits": (("Оспаривание отказа в назначении пособия", "Refusal of a social benefit"),),
        "elections": (("Оспаривание решения избирательной комиссии", "Decision of an electoral commission"),),
    },
}
CATEGORY_WEIGHTS: dict[str, dict[str, int]] = {
    "civil": {
        "contract": 32,
        "property": 8,
        "family": 22,
        "labour": 10,
        "inheritance": 6,
        "housing": 10,
        "damages": 12,
    },
    "administrative": {
        "tax": 35,
        "land": 20,
        "licensing": 15,
        "civil_service": 10,
        "social_benefits": 18,
        "elections": 2,
    },
}


def case_subject(rng: random.Random, kind: CaseKind, *, russian: bool) -> CaseSubject:
    """A subject for a case of ``kind``, in Russian or English."""
    language = "ru" if russian else "en"
    if kind.subject == Subject.ARTICLES:
        catalogue, weights = {
            "criminal": (CRIMINAL, CRIMINAL_WEIGHTS),
            "misdemeanour": (MISDEMEANOUR, MISDEMEANOUR_WEIGHTS),
        }.get(kind.code, ((), ()))
        if not catalogue:
            return CaseSubject(kind.label(language), articles=(f"{rng.randint(1, 400)}({rng.randint(1, 4)})",))
        ru, en, article = rng.choices(catalogue, weights)[0]
        return CaseSubject(ru if russian else en, articles=(article,))
    codes = [c.code for c in kind.categories]
    known = CATEGORY_WEIGHTS.get(kind.code, {})
    code = rng.choices(codes, [known.get(c, 1) for c in codes])[0]
    titles = CATEGORIES.get(kind.code, {}).get(code)
    if not titles:
        return CaseSubject(kind.category(code).label(language), category=code)
    ru, en = rng.choice(titles)
    return CaseSubject(ru if russian else en, category=code)
