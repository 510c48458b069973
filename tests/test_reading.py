"""Cutting text into sentences and pages into utterances: what is read, in which voice, in what order."""

from __future__ import annotations

import pytest

from kiosk.core.config import KioskConfig
from kiosk.core.content import Content
from kiosk.core.i18n import Localized, translator
from kiosk.core.pages import DETAIL, PARAGRAPH, Block, Page, build_page
from kiosk.core.reading import Utterance, page_utterances, speakable, split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ask for a meeting. Write down what was said.", ["Ask for a meeting.", "Write down what was said."]),
        ("Is it free? Yes! It is.", ["Is it free?", "Yes!", "It is."]),
        ("Talk to a teacher, e.g. the SENCO. Then wait.", ["Talk to a teacher, e.g. the SENCO.", "Then wait."]),
        ("Some needs, i.e. SEN, are named. Next.", ["Some needs, i.e. SEN, are named.", "Next."]),
        ("Mr. Smith and Dr. Jones will call. Wait.", ["Mr. Smith and Dr. Jones will call.", "Wait."]),
        ("Open from 8.30am to 5pm. Closed later.", ["Open from 8.30am to 5pm.", "Closed later."]),
        ("Call 0800 064 4488. Lines are free.", ["Call 0800 064 4488.", "Lines are free."]),
        (
            "Email sen@globalmediation.co.uk today. Or see https://www.ipsea.org.uk/help?x=1. Thanks.",
            ["Email sen@globalmediation.co.uk today.", "Or see https://www.ipsea.org.uk/help?x=1.", "Thanks."],
        ),
        ('He said "Stop." Then he left...  And so on', ['He said "Stop."', "Then he left...", "And so on"]),
        ("No full stop at the end", ["No full stop at the end"]),
        ("", []),
    ],
)
def test_english_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text, "en") == expected


def test_chinese_sentences_end_without_spaces() -> None:
    assert split_sentences("先和服务部门谈谈。这是免费的！你需要帮助吗？好的", "zh_Hans") == [
        "先和服务部门谈谈。",
        "这是免费的！",
        "你需要帮助吗？",
        "好的",
    ]


def test_arabic_sentences_end_at_arabic_marks() -> None:
    assert split_sentences("هل تحتاج إلى مساعدة؟ اتصل بنا۔ شكرا.", "ar") == [
        "هل تحتاج إلى مساعدة؟",
        "اتصل بنا۔",
        "شكرا.",
    ]


def test_latvian_and_hungarian_dates_are_not_cut_at_their_ordinal_points() -> None:
    assert split_sentences("Atjaunināts 2026. gada 28. novembrī. Paldies.", "lv") == [
        "Atjaunināts 2026. gada 28. novembrī.",
        "Paldies.",
    ]
    assert split_sentences("Frissítve: 2026. november 28. Köszönjük.", "hu") == [
        "Frissítve: 2026. november 28.",
        "Köszönjük.",
    ]


def test_polish_abbreviations_stay_in_their_sentence() -> None:
    assert split_sentences("Porozmawiaj np. z nauczycielem. Zapisz to.", "pl") == [
        "Porozmawiaj np. z nauczycielem.",
        "Zapisz to.",
    ]


def test_phone_numbers_are_spoken_digit_by_digit_in_their_groups() -> None:
    assert speakable("0800 064 4488") == "0 8 0 0, 0 6 4, 4 4 8 8"
    assert speakable("Call 0800 064 4488.") == "Call 0 8 0 0, 0 6 4, 4 4 8 8."
    # Dates, counts and years are left as they are.
    assert speakable("Within 30 days, by 28 May 2027.") == "Within 30 days, by 28 May 2027."


def test_web_addresses_are_spoken_without_their_scheme() -> None:
    assert speakable("https://www.ipsea.org.uk") == "www.ipsea.org.uk"


def _page(*blocks: Block) -> Page:
    return Page("test", Localized("Test", "en"), blocks)


def test_blocks_become_sentences_in_order_keyed_for_highlighting(tmp_path) -> None:
    tr = translator("en", tmp_path)
    page = _page(
        Block("title", "title", Localized("Mediation", "en")),
        Block("p", PARAGRAPH, Localized("It is free. It is private.", "en")),
    )
    assert page_utterances(page, tr) == [
        Utterance("Mediation", "en", "title/0"),
        Utterance("It is free.", "en", "p/0"),
        Utterance("It is private.", "en", "p/1"),
    ]


def test_a_phone_detail_is_read_with_its_label_and_shown_text_is_untouched(tmp_path) -> None:
    tr = translator("en", tmp_path)
    detail = Block("c.detail.0", DETAIL, Localized("0800 064 4488", "en"), "phone")
    assert page_utterances(_page(detail), tr) == [Utterance("Phone: 0 8 0 0, 0 6 4, 4 4 8 8", "en", "c.detail.0/0")]
    assert detail.text.text == "0800 064 4488"


def test_english_fallback_text_on_a_polish_page_is_read_by_the_english_voice(
    content: Content, config: KioskConfig
) -> None:
    tr = translator("pl", config.locales_dir)
    page = build_page(content, tr, "still-not-happy")
    utterances = page_utterances(page, tr)
    languages = {utterance.lang for utterance in utterances}
    # Contact names are never translated, so they are always tagged English; the details
    # (phone, email, website) are in the page's language.
    assert "en" in languages
    assert "pl" in languages
    by_key = {block.key: block for block in page.blocks}
    for utterance in utterances:
        block = by_key[utterance.key.rpartition("/")[0]]
        if block.kind != DETAIL:
            assert utterance.lang == block.text.lang
    phone = next(u for u in utterances if "0 3 0 0, 1 2 3, 4 6 6 6" in u.text)
    assert phone.lang == "pl"
