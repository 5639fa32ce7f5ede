"""Search keys: the words a name is found by, and the parts a case number is found by."""

from __future__ import annotations

from adalat.core.text import number_key, number_parts, search_key, search_words


def test_the_words_of_a_name_leave_out_case_accents_quotes_and_punctuation() -> None:
    assert search_words("ТОО «Астана Аренда»") == ["тоо", "астана", "аренда"]  # noqa: RUF001 (a Cyrillic name)
    assert search_words("  Nguyễn  Văn A ") == ["nguyen", "van", "a"]
    assert search_words("O'Brien-Smith, “Jr.”") == ["o", "brien", "smith", "jr"]
    assert search_words('"Ёлка" ёлка') == ["елка"]  # each word once
    assert search_words("«»  -- ") == []
    assert search_key("ТОО «Астана Аренда»") == "тоо «астана аренда»"  # noqa: RUF001 (a Cyrillic name)


def test_a_number_is_found_by_any_run_of_its_tokens_without_leading_zeros() -> None:
    assert number_key("dc01-cr-2026-00123") == "dc01 cr 2026 123"
    assert number_key(" CR / 2026 / 123 ") == "cr 2026 123"
    assert number_key("000") == "0"
    parts = number_parts("DC01-CR-2026-00123")
    assert {"123", "2026 123", "cr 2026 123", "dc01 cr 2026 123", "dc01", "cr 2026"} <= parts
    assert "dc01 2026" not in parts  # a part is a run of neighbouring tokens
    assert len(parts) == 10
