"""The kiosk's own table of language names says what CLDR (through Babel) says."""

from __future__ import annotations

import pytest

from kiosk.core.config import ALL_LANGUAGES
from kiosk.core.i18n import language, language_from_cldr


@pytest.mark.parametrize("code", ALL_LANGUAGES)
def test_each_language_is_named_and_written_as_cldr_has_it(code: str) -> None:
    assert language(code) == language_from_cldr(code)


def test_a_language_outside_the_table_is_named_from_cldr() -> None:
    welsh = language("cy")
    assert (welsh.endonym, welsh.english_name, welsh.rtl) == ("Cymraeg", "Welsh", False)


@pytest.mark.parametrize("value", [0, 1, 4, 12, 999, 1000, 25_000, 1_234_567, -3, -4500])
def test_english_whole_numbers_read_as_cldr_writes_them(value: int) -> None:
    from babel.numbers import format_decimal

    from kiosk.core.config import REPO_ROOT
    from kiosk.core.i18n import translator

    assert translator("en", REPO_ROOT / "locales").number(value) == format_decimal(value, locale="en")
