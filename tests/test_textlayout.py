"""Display lines: what a family sees in the terminal, in Arabic, Chinese and Latin scripts."""

from __future__ import annotations

import arabic_reshaper
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from kiosk.core.textlayout import has_arabic, logical_lines, widest_unbreakable, wrap_lines
from kiosk.core.wide import has_wide

PHONE = "0800 064 4488"


def mirrored(*words: str) -> str:
    """An Arabic line as a right-to-left reader sees it on a left-to-right terminal: the words in
    reverse order, each with its letters joined (presentation forms) and reversed."""
    return " ".join(arabic_reshaper.reshape(word)[::-1] for word in reversed(words))


def test_wrapped_arabic_paragraph_gives_the_expected_visual_lines() -> None:
    paragraph = "يمكنك أن تطلب الوساطة خلال شهرين من تاريخ رسالة القرار"
    # Wrapped in reading order first (each Arabic letter is one cell)...
    assert logical_lines(paragraph, 20) == ["يمكنك أن تطلب", "الوساطة خلال شهرين", "من تاريخ رسالة", "القرار"]
    # ...then each line is shaped and mirrored on its own, so line 1 is still the first words.
    assert wrap_lines(paragraph, 20, rtl=True) == [
        mirrored("يمكنك", "أن", "تطلب"),
        mirrored("الوساطة", "خلال", "شهرين"),
        mirrored("من", "تاريخ", "رسالة"),
        mirrored("القرار"),
    ]


def test_letters_are_joined_not_shown_as_isolated_forms() -> None:
    (line,) = wrap_lines("سلام", 10, rtl=True)
    assert line == "\ufee1\ufefc\ufeb3"  # meem (final), lam-alef ligature (isolated), seen (initial), right to left
    assert "س" not in line


def test_phone_number_in_arabic_text_reads_in_the_right_order() -> None:
    text = f"اتصل على {PHONE} اليوم"
    assert wrap_lines(text, 40, rtl=True) == [mirrored("اليوم") + f" {PHONE} " + mirrored("اتصل", "على")]


def test_phone_number_survives_every_wrapping_width() -> None:
    text = f"إذا كنت لا توافق على القرار، اتصل بالوسيط على {PHONE} خلال شهرين من تاريخ الرسالة."
    for width in range(len(PHONE), 60):
        lines = wrap_lines(text, width, rtl=True)
        assert sum(PHONE in line for line in lines) == 1, (width, lines)
        assert not any("4488 064 0800" in line or ("0800" in line and PHONE not in line) for line in lines)
        assert all(cell_len(line) <= width for line in lines), (width, lines)


def test_arabic_indic_phone_number_keeps_its_order() -> None:
    digits = "٠٨٠٠ ٠٦٤ ٤٤٨٨"
    (line,) = wrap_lines(f"اتصل على {digits}", 40, rtl=True)
    assert line == f"{digits} " + mirrored("اتصل", "على")


def test_email_and_web_address_stay_left_to_right_in_arabic() -> None:
    email, url = "sen@globalmediation.co.uk", "https://www.ipsea.org.uk"
    (line,) = wrap_lines(f"اكتب إلى {email} أو زر {url}", 80, rtl=True)
    assert line == f"{url} " + mirrored("أو", "زر") + f" {email} " + mirrored("اكتب", "إلى")


def test_address_wider_than_the_line_gets_its_own_lines() -> None:
    text = "See https://www.globalmediation.co.uk/send-mediation for details."
    assert logical_lines(text, 20) == [
        "See",
        "https://www.globalme",
        "diation.co.uk/send-m",
        "ediation",
        "for details.",
    ]
    # In an Arabic paragraph the pieces keep their order too.
    lines = wrap_lines("راجع sen@globalmediation.co.uk اليوم", 20, rtl=True)
    assert lines == [mirrored("راجع"), "sen@globalmediation.", "co.uk", mirrored("اليوم")]


def test_phone_numbers_never_break_in_latin_text() -> None:
    text = f"Call Global Mediation free on {PHONE} to ask for mediation."
    for width in range(len(PHONE), 40):
        lines = logical_lines(text, width)
        assert sum(PHONE in line for line in lines) == 1, (width, lines)
        assert all(cell_len(line) <= width for line in lines)
    # Narrower than the number itself: it breaks only between its digit groups.
    assert logical_lines(PHONE, 9) == ["0800 064", "4488"]


def test_chinese_wraps_between_characters_and_keeps_punctuation_off_line_starts() -> None:
    text = "如果您不同意，请联系调解顾问。"
    assert logical_lines(text, 12) == ["如果您不同", "意，请联系调", "解顾问。"]
    assert logical_lines(text, 13) == ["如果您不同", "意，请联系调", "解顾问。"]


def test_chinese_with_a_phone_number_and_address() -> None:
    text = f"请致电{PHONE}或访问www.ipsea.org.uk获取免费建议。"
    lines = logical_lines(text, 16)
    assert lines == ["请致电", PHONE + "或", "访问", "www.ipsea.org.uk", "获取免费建议。"]


_CJK_TEXT = st.lists(
    st.sampled_from(
        [*"调解顾问您可以在个月内联系免费建议。，、：（）", "a", "b", "1", " ", f" {PHONE} ", "www.ipsea.org.uk"]
    ),
    max_size=60,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=_CJK_TEXT, width=st.integers(min_value=2, max_value=30))
def test_cjk_lines_never_exceed_the_width_or_split_characters(text: str, width: int) -> None:
    lines = logical_lines(text, width)
    assert all(cell_len(line) <= width for line in lines), lines
    # Every character is kept, whole, in order; only spaces at line breaks go.
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


@settings(max_examples=200, deadline=None)
@given(
    words=st.lists(st.sampled_from(["الوساطة", "مجانية", "خلال", "شهرين", "القرار", PHONE, "SENCO"]), max_size=20),
    width=st.integers(min_value=13, max_value=50),
)
def test_rtl_lines_never_exceed_the_width(words: list[str], width: int) -> None:
    lines = wrap_lines(" ".join(words), width, rtl=True)
    assert all(cell_len(line) <= width for line in lines), lines
    assert sum(line.count(PHONE) for line in lines) == words.count(PHONE)


def test_has_arabic() -> None:
    assert has_arabic("الخطوة 1")
    assert not has_arabic("Krok 1")
    assert not has_arabic("٠٨٠٠ ٠٦٤ ٤٤٨٨")  # digits alone need no shaping
    assert not has_arabic("调解")


def test_newlines_are_kept_and_empty_text_gives_one_line() -> None:
    assert logical_lines("one\n\ntwo", 10) == ["one", "", "two"]
    assert wrap_lines("", 10, rtl=True) == [""]


def test_has_wide() -> None:
    assert has_wide("第1步: 与服务机构沟通")
    assert has_wide("（")  # full-width punctuation
    assert not has_wide("✓ Iepriekšējais solis")  # above U+1100 but one cell
    assert not has_wide("الخطوة")
    assert not has_wide("")


def test_widest_unbreakable_is_the_widest_word_or_literal() -> None:
    assert widest_unbreakable("Iepriekšējais solis") == len("Iepriekšējais")
    assert widest_unbreakable("收听信息单") == 2  # Chinese breaks between any two characters
    assert widest_unbreakable("幼儿园。") == 4  # ... but a full stop never starts a line
    assert widest_unbreakable(f"Call {PHONE} today") == len(PHONE)  # a phone number is never split


@given(text=st.text(alphabet="ab 中文。•", max_size=30), width=st.integers(min_value=4, max_value=30))
def test_no_line_of_a_wide_enough_box_cuts_an_unbreakable_piece(text: str, width: int) -> None:
    if widest_unbreakable(text) > width:
        return
    lines = logical_lines(text, width)
    pieces = [piece for piece in text.replace("\n", " ").split(" ") if piece and not has_wide(piece)]
    drawn = [word for line in lines for word in line.split(" ")]
    assert all(piece in drawn for piece in pieces), (lines, pieces)
