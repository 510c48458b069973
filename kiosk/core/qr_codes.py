"""The QR codes a page offers, one entry each, as the QR view shows and speaks them.

Kept apart from the page text: the QR view shows one code at a time, full screen, with whose
website it opens and the address itself, so a family can scan it or type it.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.core.i18n import N_, Localized, Translator
from kiosk.core.pages import CONTACT, QR, Page
from kiosk.core.reading import Utterance, speakable, split_sentences

#: Heading of the code that links to the step's own page on the council's website.
COUNCIL_PAGE_NAME = N_("This step on the council's website")
#: Where the family is in the list of codes ("Code 2 of 5").
CODE_COUNT = N_("Code %(number)s of %(count)s")


@dataclass(frozen=True)
class QRCodeEntry:
    """One code: the page block it comes from, whose website it opens, what it is, and the address."""

    #: The page block's key (``contact.ipsea.qr``, ``council-page``).
    key: str
    #: The organisation's own name (never translated), or what the code opens when it is no
    #: organisation's home page.
    name: Localized
    #: The code's text alternative ("QR code: link to the website of IPSEA"), translated.
    description: Localized
    url: str


def page_qr_codes(page: Page, tr: Translator) -> tuple[QRCodeEntry, ...]:
    """Every QR code of ``page``, in page order."""
    names = {block.group: block.text for block in page.blocks if block.kind == CONTACT}
    return tuple(
        QRCodeEntry(
            key=block.key,
            name=names[block.group] if block.group in names else tr.localized(COUNCIL_PAGE_NAME),
            description=block.text,
            url=block.url,
        )
        for block in page.blocks
        if block.kind == QR and block.url
    )


def code_count(tr: Translator, number: int, count: int) -> Localized:
    """ "Code 2 of 5", in the translator's language with its digits."""
    template = tr.localized(CODE_COUNT)
    text = template.text.replace("%(number)s", tr.number(number)).replace("%(count)s", tr.number(count))
    return Localized(text, template.lang, template.fallback)


def entry_utterances(entry: QRCodeEntry, count: Localized | None = None) -> list[Utterance]:
    """What the QR view says for a code: where it is in the list, whose it is, and the address.

    The name and the address are English and read by the English voice (an Arabic voice spells an
    English address letter by letter); the count is in the family's language.
    """
    texts = [text for text in (count, entry.name) if text is not None]
    utterances = [
        Utterance(speakable(sentence), text.lang)
        for text in texts
        for sentence in split_sentences(text.text, text.lang) or [text.text]
    ]
    return [*utterances, Utterance(speakable(entry.url), "en")]
