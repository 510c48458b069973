"""The take-home slip: what it says, in one language, and how it is read aloud.

The slip is built once, as data; the PDF renderer prints it and ``slip_utterances`` reads the
very same texts, so a blind visitor hears exactly what the printed slip holds (EN 301 549
5.1.3.16). It carries no personal information: only the guide's steps and public contacts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kiosk.core.content import LITERAL_DETAIL_KINDS, Contact, Content, Step
from kiosk.core.errors import KioskError
from kiosk.core.i18n import Localized, Translator, language
from kiosk.core.pages import CONTACTS, HOME, PAGE_IDS, detail_label, step_heading
from kiosk.core.qr import qr_alt
from kiosk.core.reading import Utterance, speakable, split_sentences


class SlipError(KioskError):
    """The slip cannot be made as asked (unknown page, missing fonts, unwritable file)."""

    title = "The slip cannot be made"


@dataclass(frozen=True)
class SlipDetail:
    """One verified way to reach a contact: a label ("Phone") and its value."""

    kind: str
    label: Localized
    #: Phone numbers, emails, websites and addresses are literal, left-to-right and never translated;
    #: opening hours are translated.
    value: Localized

    @property
    def literal(self) -> bool:
        """True when the value must stay exactly as written, as one left-to-right run."""
        return self.kind in LITERAL_DETAIL_KINDS


@dataclass(frozen=True)
class SlipContact:
    """A contact as the slip shows it: only details that have been checked."""

    id: str
    #: The organisation's own name, never translated.
    name: str
    helps_with: Localized
    details: tuple[SlipDetail, ...]
    #: "Ask at reception for the current details." when some detail is not confirmed, else None.
    ask_at_reception: Localized | None
    #: The verified website, encoded in a QR code; empty when the contact has none.
    website: str
    #: Text alternative of the QR code; None when there is no website.
    qr_alt: Localized | None


@dataclass(frozen=True)
class SlipGroup:
    """Contacts under one heading; a step's slip has a single group without its own heading."""

    title: Localized | None
    contacts: tuple[SlipContact, ...]


@dataclass(frozen=True)
class SlipStep:
    """One of the four steps, on one line: "Step 1: title" and its summary."""

    id: str
    number: int
    heading: Localized
    summary: Localized


@dataclass(frozen=True)
class Slip:
    """Everything printed on a take-home slip, in the order it is printed."""

    #: The language the slip was asked for (each text's own ``lang`` says if English stood in).
    lang: str
    rtl: bool
    #: The page the slip was printed from (a step id), or None for the general slip.
    page_id: str | None
    title: Localized
    steps_heading: Localized
    steps: tuple[SlipStep, ...]
    contacts_heading: Localized
    groups: tuple[SlipGroup, ...]
    printed_on: Localized
    privacy: Localized

    def contacts(self) -> tuple[SlipContact, ...]:
        """Every contact on the slip, in print order."""
        return tuple(contact for group in self.groups for contact in group.contacts)

    def websites(self) -> tuple[str, ...]:
        """The web addresses printed as QR codes, in print order."""
        return tuple(contact.website for contact in self.contacts() if contact.website)


def _detail(tr: Translator, kind: str, value: str) -> SlipDetail:
    shown = Localized(value, tr.code) if kind in LITERAL_DETAIL_KINDS else tr.localized(value)
    return SlipDetail(kind, detail_label(tr, kind), shown)


def slip_contact(tr: Translator, contact: Contact) -> SlipContact:
    """A contact with its verified details only, as printed on the slip."""
    website = contact.website()
    return SlipContact(
        id=contact.id,
        name=contact.name,
        helps_with=tr.localized(contact.helps_with),
        details=tuple(_detail(tr, detail.kind, detail.value) for detail in contact.shown_details()),
        ask_at_reception=tr.localized("Ask at reception for the current details.")
        if contact.has_hidden_details
        else None,
        website=website,
        qr_alt=qr_alt(tr, contact.name) if website else None,
    )


def _groups(content: Content, tr: Translator, page_id: str | None) -> tuple[SlipGroup, ...]:
    if page_id in (None, HOME, CONTACTS):
        groups = []
        for group in content.groups:
            members = tuple(slip_contact(tr, c) for c in content.contacts if c.group == group.id)
            if members:
                groups.append(SlipGroup(tr.localized(group.title), members))
        return tuple(groups)
    return (SlipGroup(None, tuple(slip_contact(tr, c) for c in content.contacts_for(page_id))),)


def _step(tr: Translator, step: Step) -> SlipStep:
    return SlipStep(step.id, step.number, step_heading(tr, step), tr.localized(step.summary))


def _fill(template: Localized, placeholder: str, value: str) -> Localized:
    return Localized(template.text.replace(placeholder, value), template.lang, template.fallback)


def build_slip(content: Content, tr: Translator, page_id: str | None, printed_on: dt.date) -> Slip:
    """The slip for ``page_id`` (a step id; ``None``, ``home`` or ``contacts`` for every contact).

    Raises SlipError naming the pages there are when ``page_id`` is not one of them.
    """
    if page_id is not None and page_id not in PAGE_IDS:
        raise SlipError(f"'{page_id}' is not a page of the guide; choose one of: {', '.join(PAGE_IDS)}.")
    return Slip(
        lang=tr.code,
        rtl=language(tr.code).rtl,
        page_id=None if page_id in (None, HOME, CONTACTS) else page_id,
        title=tr.localized(content.title),
        steps_heading=tr.localized("The four steps"),
        steps=tuple(_step(tr, step) for step in sorted(content.steps, key=lambda s: s.number)),
        contacts_heading=tr.localized("Who can help"),
        groups=_groups(content, tr, page_id),
        printed_on=_fill(tr.localized("Printed on %(date)s"), "%(date)s", tr.date(printed_on)),
        privacy=tr.localized("This slip holds no personal information."),
    )


# --- Hearing the slip ---------------------------------------------------------------------


def _sentences(key: str, text: Localized) -> list[Utterance]:
    utterances = []
    for index, sentence in enumerate(split_sentences(text.text, text.lang)):
        spoken = speakable(sentence)
        if spoken:
            utterances.append(Utterance(spoken, text.lang, f"{key}/{index}"))
    return utterances


#: Details written in English whatever the slip's language: read by the English voice, which says
#: an address as words (another language's voice spells it letter by letter).
ENGLISH_DETAIL_KINDS = frozenset({"email", "website", "address"})


def _detail_sentences(key: str, detail: SlipDetail) -> list[Utterance]:
    """ "Phone: 0 8 0 0, 0 6 4, 4 4 8 8": the label, then the value (phone numbers digit by digit)."""
    value = speakable(detail.value.text)
    value_lang = "en" if detail.kind in ENGLISH_DETAIL_KINDS else detail.value.lang
    if detail.label.lang != value_lang:
        # The label in its language, the value in the voice that reads it right.
        return [
            Utterance(f"{detail.label.text}:", detail.label.lang, f"{key}/0"),
            Utterance(value, value_lang, f"{key}/0"),
        ]
    return [Utterance(f"{detail.label.text}: {value}", value_lang, f"{key}/0")]


def slip_utterances(slip: Slip) -> list[Utterance]:
    """Every text the slip prints, in print order, as sentences to speak, each in its own language.

    Phone numbers are read digit by digit in their groups, web addresses without "https://",
    each QR code by its text alternative; contact names, web and email addresses by the English voice.
    """
    utterances = _sentences("title", slip.title) + _sentences("steps", slip.steps_heading)
    for step in slip.steps:
        utterances += _sentences(f"step.{step.id}.heading", step.heading)
        utterances += _sentences(f"step.{step.id}.summary", step.summary)
    utterances += _sentences("contacts", slip.contacts_heading)
    for g, group in enumerate(slip.groups):
        if group.title is not None:
            utterances += _sentences(f"group.{g}", group.title)
        for contact in group.contacts:
            prefix = f"contact.{contact.id}"
            # An organisation's own name is English, never translated: the English voice reads it.
            utterances.append(Utterance(contact.name, "en", f"{prefix}.name/0"))
            utterances += _sentences(f"{prefix}.helps", contact.helps_with)
            for index, detail in enumerate(contact.details):
                utterances += _detail_sentences(f"{prefix}.detail.{index}", detail)
            if contact.ask_at_reception is not None:
                utterances += _sentences(f"{prefix}.ask", contact.ask_at_reception)
            if contact.qr_alt is not None:
                utterances += _sentences(f"{prefix}.qr", contact.qr_alt)
    return utterances + _sentences("printed_on", slip.printed_on) + _sentences("privacy", slip.privacy)
