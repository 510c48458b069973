"""The take-home slip's content: the right contacts, only checked details, and speech that matches print."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from kiosk.core.content import Content
from kiosk.core.i18n import Translator
from kiosk.core.slip import Slip, SlipError, build_slip, slip_utterances

PRINTED_ON = dt.date(2026, 11, 28)

#: A few real sentences per language, so tests of translated slips do not wait for the catalogues.
TEST_TRANSLATIONS = {
    "pl": {
        "Phone": "Telefon",
        "Who can help": "Kto może pomóc",
        "The four steps": "Cztery kroki",
        "Ask at reception for the current details.": "Zapytaj w recepcji o aktualne dane.",
        "Printed on %(date)s": "Wydrukowano %(date)s",
    },
    "ar": {
        "Phone": "الهاتف",
        "Email": "البريد الإلكتروني",
        "Website": "الموقع الإلكتروني",
        "Who can help": "من يمكنه المساعدة",
        "The four steps": "الخطوات الأربع",
        "Ask at reception for the current details.": "اسأل في مكتب الاستقبال عن التفاصيل الحالية.",
        "Printed on %(date)s": "طُبع في %(date)s",
        "This slip holds no personal information.": "لا تحتوي هذه الورقة على أي معلومات شخصية.",
    },
}


def translator_with(tmp_path: Path, lang: str) -> Translator:
    """A Translator for ``lang`` backed by a small catalogue written into ``tmp_path``."""
    catalogue = Catalog(locale=lang)
    for english, translated in TEST_TRANSLATIONS[lang].items():
        catalogue.add(english, translated)
    folder = tmp_path / "locales" / lang / "LC_MESSAGES"
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "messages.mo").open("wb") as file:
        write_mo(file, catalogue)
    return Translator(lang, tmp_path / "locales")


def english(tmp_path: Path) -> Translator:
    return Translator("en", tmp_path)


def _values(slip: Slip) -> list[str]:
    return [detail.value.text for contact in slip.contacts() for detail in contact.details]


def test_step_slip_lists_that_steps_contacts_in_order(content: Content, tmp_path: Path) -> None:
    slip = build_slip(content, english(tmp_path), "mediation", PRINTED_ON)
    assert [contact.id for contact in slip.contacts()] == list(content.step("mediation").contact_ids)
    assert len(slip.groups) == 1 and slip.groups[0].title is None
    assert slip.page_id == "mediation"


def test_general_slip_lists_every_contact_by_group(content: Content, tmp_path: Path) -> None:
    tr = english(tmp_path)
    slips = [build_slip(content, tr, page, PRINTED_ON) for page in (None, "home", "contacts")]
    assert slips[0] == slips[1] == slips[2]
    assert [group.title.text for group in slips[0].groups if group.title] == [g.title for g in content.groups]
    assert {contact.id for contact in slips[0].contacts()} == {contact.id for contact in content.contacts}


def test_only_checked_details_are_printed(content: Content, tmp_path: Path) -> None:
    slip = build_slip(content, english(tmp_path), None, PRINTED_ON)
    values = _values(slip)
    assert "0300 123 4666" in values  # Ofsted's number, on a dated gov.uk page
    # Global Mediation's number rests on a page over 24 months old (content-corrections.md): not printed.
    assert "0800 064 4488" not in values
    # Unconfirmed in contacts.yaml: never printed, staff are asked instead.
    assert "0808 808 3555" not in values
    assert "0300 123 2224" not in values
    by_id = {contact.id: contact for contact in slip.contacts()}
    assert by_id["contact"].ask_at_reception is not None
    assert by_id["contact"].ask_at_reception.text == "Ask at reception for the current details."
    assert by_id["ipsea"].ask_at_reception is None
    # The email may differ by region (content-corrections.md): not printed until confirmed for Somerset.
    assert "sen@globalmediation.co.uk" not in values
    assert [detail.label.text for detail in by_id["global-mediation"].details] == ["Website"]
    assert by_id["global-mediation"].ask_at_reception is not None


def test_each_website_gets_a_qr_code_with_a_text_alternative(content: Content, tmp_path: Path) -> None:
    slip = build_slip(content, english(tmp_path), None, PRINTED_ON)
    for contact in slip.contacts():
        shown = [d.value.text for d in contact.details if d.kind == "website"]
        assert contact.website == (shown[0] if shown else "")
        if contact.website:
            assert contact.qr_alt is not None and contact.name in contact.qr_alt.text
        else:
            assert contact.qr_alt is None
    assert "https://www.ipsea.org.uk" in slip.websites()
    assert "somerset-sendias" not in [c.id for c in slip.contacts() if c.website]


def test_four_steps_date_and_privacy_line(content: Content, tmp_path: Path) -> None:
    tr = Translator("pl", tmp_path)
    slip = build_slip(content, tr, "make-a-complaint", PRINTED_ON)
    assert [step.number for step in slip.steps] == [1, 2, 3, 4]
    assert slip.steps[0].heading.text.endswith(tr.gettext(content.step("talk-to-the-service").title))
    assert "28 listopada 2026" in slip.printed_on.text
    assert slip.privacy.text == tr.gettext("This slip holds no personal information.")


def test_unknown_page_is_a_sentence(content: Content, tmp_path: Path) -> None:
    with pytest.raises(SlipError, match="'nowhere' is not a page of the guide; choose one of: home, "):
        build_slip(content, english(tmp_path), "nowhere", PRINTED_ON)


def test_translated_slip_is_in_the_slip_language(content: Content, tmp_path: Path) -> None:
    slip = build_slip(content, translator_with(tmp_path, "ar"), "still-not-happy", PRINTED_ON)
    assert slip.rtl and slip.lang == "ar"
    assert slip.contacts_heading.text == "من يمكنه المساعدة" and slip.contacts_heading.lang == "ar"
    assert slip.printed_on.text == "طُبع في 28 نوفمبر 2026"
    # Phone numbers are never translated.
    assert "0300 123 4666" in _values(slip)


def test_hearing_the_slip_reads_what_it_prints_in_order(content: Content, tmp_path: Path) -> None:
    slip = build_slip(content, translator_with(tmp_path, "pl"), "still-not-happy", PRINTED_ON)
    utterances = slip_utterances(slip)
    texts = [utterance.text for utterance in utterances]
    expected_order = [
        slip.title.text,
        "Cztery kroki",
        slip.steps[0].heading.text,
        "Kto może pomóc",
        "Local Government and Social Care Ombudsman",
        "Telefon: 0 3 0 0, 0 6 1, 0 6 1 4",
        "Zapytaj w recepcji o aktualne dane.",
        "Ofsted",
        "Telefon: 0 3 0 0, 1 2 3, 4 6 6 6",
        slip.printed_on.text,
        "This slip holds no personal information.",
    ]
    positions = [next(i for i, text in enumerate(texts) if text == wanted) for wanted in expected_order]
    assert positions == sorted(positions)
    by_text = {utterance.text: utterance for utterance in utterances}
    # Translated sentences are read by the Polish voice, English stand-ins by the English one.
    assert by_text["Telefon: 0 3 0 0, 0 6 1, 0 6 1 4"].lang == "pl"
    assert by_text["This slip holds no personal information."].lang == "en"
    assert by_text["Wydrukowano 28 listopada 2026"].lang == "pl"
    # Organisation names, web and email addresses are English: the English voice reads them.
    assert {by_text[contact.name].lang for contact in slip.contacts()} == {"en"}
    websites = [u for u in utterances if "www.lgo.org.uk" in u.text]
    assert websites and {u.lang for u in websites} == {"en"}
    emails = [u for u in utterances if "@" in u.text]
    assert emails and {u.lang for u in emails} == {"en"}
    # Every contact name and every printed detail is heard.
    for contact in slip.contacts():
        assert contact.name in texts
    assert all(contact.qr_alt is None or contact.qr_alt.text in texts for contact in slip.contacts())


def test_untranslated_label_is_read_in_english_then_the_number_in_the_slip_language(
    content: Content, tmp_path: Path
) -> None:
    slip = build_slip(content, Translator("uk", tmp_path), "still-not-happy", PRINTED_ON)
    utterances = slip_utterances(slip)
    index = next(i for i, u in enumerate(utterances) if u.text == "0 3 0 0, 1 2 3, 4 6 6 6")
    assert (utterances[index - 1].text, utterances[index - 1].lang) == ("Phone:", "en")
    assert utterances[index].lang == "uk"
