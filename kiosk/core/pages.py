"""Pages as ordered, translated blocks: what the screen shows and what speech reads.

The screen and the speech service both work from these blocks, so what is heard is exactly
what is shown, and each block's ``key`` lets the screen highlight the sentence being spoken.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.core.content import STEP_IDS, Bullets, Contact, Content, Paragraph, Step
from kiosk.core.i18n import N_, Localized, Translator
from kiosk.core.qr import qr_alt

HOME = "home"
CONTACTS = "contacts"
PAGE_IDS = (HOME, *STEP_IDS, CONTACTS)

#: Block kinds, in the order a page may hold them.
TITLE, LEAD, HEADING, PARAGRAPH, BULLET, POINT, META, CONTACT, DETAIL, NOTICE, QR = (
    "title",
    "lead",
    "heading",
    "paragraph",
    "bullet",
    "point",
    "meta",
    "contact",
    "detail",
    "notice",
    "qr",
)


@dataclass(frozen=True)
class Block:
    """One readable unit of a page."""

    key: str
    kind: str
    text: Localized
    #: For DETAIL blocks: the kind of contact detail (phone, email, website, address, hours).
    detail_kind: str = ""
    #: Where this block sits in the page (e.g. the contact or section id), for grouping on screen.
    group: str = ""
    #: For QR blocks: the address the code links to (the text is the code's spoken description).
    url: str = ""


@dataclass(frozen=True)
class Page:
    """A whole page in one language."""

    id: str
    title: Localized
    blocks: tuple[Block, ...]

    def block(self, key: str) -> Block:
        return next(block for block in self.blocks if block.key == key)


DETAIL_LABELS = {
    "phone": N_("Phone"),
    "email": N_("Email"),
    "website": N_("Website"),
    "address": N_("Address"),
    "hours": N_("Opening hours"),
}


def detail_label(tr: Translator, kind: str) -> Localized:
    """The translated label of a contact detail ("Phone", "Email"...)."""
    return tr.localized(DETAIL_LABELS[kind])


def contact_blocks(tr: Translator, contact: Contact, prefix: str) -> list[Block]:
    """A contact's name, what it helps with, and its verified details only."""
    blocks = [
        Block(f"{prefix}.name", CONTACT, Localized(contact.name, "en"), group=contact.id),
        Block(f"{prefix}.helps", PARAGRAPH, tr.localized(contact.helps_with), group=contact.id),
    ]
    for index, detail in enumerate(contact.shown_details()):
        value = tr.localized(detail.value) if detail.kind == "hours" else Localized(detail.value, tr.code)
        blocks.append(Block(f"{prefix}.detail.{index}", DETAIL, value, detail.kind, group=contact.id))
    website = contact.website()
    if website:
        blocks.append(Block(f"{prefix}.qr", QR, qr_alt(tr, contact.name), group=contact.id, url=website))
    if contact.has_hidden_details:
        blocks.append(
            Block(f"{prefix}.ask", NOTICE, tr.localized("Ask at reception for the current details."), group=contact.id)
        )
    return blocks


def home_page(content: Content, tr: Translator) -> Page:
    title = tr.localized(content.title)
    blocks = [Block("title", TITLE, title), Block("lead", LEAD, tr.localized(content.tagline))]
    for step in content.steps:
        blocks.append(Block(f"step.{step.id}.title", HEADING, step_heading(tr, step), group=step.id))
        blocks.append(Block(f"step.{step.id}.summary", PARAGRAPH, tr.localized(step.summary), group=step.id))
    return Page(HOME, title, tuple(blocks))


def step_heading(tr: Translator, step: Step) -> Localized:
    title = tr.localized(step.title)
    label = tr.gettext("Step %(num)s").replace("%(num)s", tr.number(step.number))
    return Localized(f"{label}: {title.text}", title.lang, title.fallback)


def step_page(content: Content, tr: Translator, step_id: str) -> Page:
    step = content.step(step_id)
    title = step_heading(tr, step)
    blocks = [Block("title", TITLE, title), Block("in_short", HEADING, tr.localized("In short"))]
    blocks += [Block(f"point.{i}", POINT, tr.localized(point)) for i, point in enumerate(step.in_short)]
    for s, section in enumerate(step.sections):
        group = f"section.{s}"
        blocks.append(Block(f"{group}.heading", HEADING, tr.localized(section.heading), group=group))
        for b, body in enumerate(section.body):
            if isinstance(body, Paragraph):
                blocks.append(Block(f"{group}.{b}", PARAGRAPH, tr.localized(body.text), group=group))
            elif isinstance(body, Bullets):
                blocks += [
                    Block(f"{group}.{b}.{i}", BULLET, tr.localized(item), group=group)
                    for i, item in enumerate(body.items)
                ]
    if step.council_page:
        blocks.append(
            Block(
                "council-page",
                QR,
                tr.localized("QR code: link to this step on the council's website"),
                url=step.council_page,
            )
        )
    blocks.append(Block("who", HEADING, tr.localized("Who can help"), group="contacts"))
    for contact in content.contacts_for(step.id):
        blocks += contact_blocks(tr, contact, f"contact.{contact.id}")
    blocks.append(Block("dates", META, review_line(tr, step)))
    return Page(step.id, title, tuple(blocks))


def review_line(tr: Translator, step: Step) -> Localized:
    template = tr.localized("Last updated: %(updated)s. Next review: %(review)s.")
    text = template.text.replace("%(updated)s", tr.date(step.last_updated)).replace(
        "%(review)s", tr.date(step.next_review)
    )
    return Localized(text, template.lang, template.fallback)


def contacts_page(content: Content, tr: Translator) -> Page:
    title = tr.localized("Who can help")
    blocks = [Block("title", TITLE, title)]
    for group in content.groups:
        blocks.append(Block(f"group.{group.id}", HEADING, tr.localized(group.title), group=group.id))
        for contact in content.contacts:
            if contact.group == group.id:
                blocks += contact_blocks(tr, contact, f"contact.{contact.id}")
    return Page(CONTACTS, title, tuple(blocks))


def build_page(content: Content, tr: Translator, page_id: str) -> Page:
    """The page with this id (``home``, ``contacts`` or a step id) in the translator's language."""
    if page_id == HOME:
        return home_page(content, tr)
    if page_id == CONTACTS:
        return contacts_page(content, tr)
    if page_id in STEP_IDS:
        return step_page(content, tr, page_id)
    raise KeyError(f"'{page_id}' is not a page; pages are: {', '.join(PAGE_IDS)}")
