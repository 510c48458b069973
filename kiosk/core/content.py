"""The guide and its contacts: typed, frozen models loaded from the YAML under ``content/``.

English is the source language. Every string a family reads is kept here in English and
translated at display time through the gettext catalogues (see ``kiosk.core.i18n``).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.core.errors import ContentError, Problem
from kiosk.core.yamlsource import Fields, Mark, read_yaml_file

GUIDE_FILE = "guide.yaml"
CONTACTS_FILE = "contacts.yaml"
STEP_IDS = ("talk-to-the-service", "make-a-complaint", "mediation", "still-not-happy")
DETAIL_KINDS = ("phone", "email", "website", "address", "hours")
#: Details whose text is language-neutral and must never be translated or reordered.
LITERAL_DETAIL_KINDS = ("phone", "email", "website", "address")


@dataclass(frozen=True)
class SourcePage:
    """A page (or, for legislation without a named page, a citation) that facts come from.

    ``published`` is the page's own date; when a page states none, ``seen`` is the day it was read.
    Exactly one of them is set. ``published`` may be known only to the year or month ("2020",
    "2023-08"); it is then kept as the last day of that period, so the page is never made older
    than it may be, and ``published_text`` keeps what was written.
    ``checked`` is the last day someone compared the kiosk's facts with the page.
    """

    url: str
    cite: str
    published: dt.date | None
    seen: dt.date | None
    checked: dt.date | None
    title: str = ""
    published_text: str = ""
    line: int = 0

    @property
    def name(self) -> str:
        """How steps and details refer to it: its web address, or its citation."""
        return self.url or self.cite

    @property
    def page_date(self) -> dt.date:
        """The date of the page itself: when it was published, or else when it was seen."""
        return self.published or self.seen or dt.date.min

    def describe_date(self) -> str:
        if self.published is not None:
            return f"published {self.published_text or self.published.isoformat()}"
        return f"seen {self.seen.isoformat() if self.seen else '(no date)'}"


@dataclass(frozen=True)
class SeedPage:
    """The council page the guide was first written from, with its own review date.

    The page says when it was last updated and when its next review was due; staff are shown
    both, because the guide's claims that rest on this page alone are only as fresh as it is.
    """

    url: str
    last_updated: dt.date
    next_review: dt.date
    line: int = 0

    def review_due(self, today: dt.date) -> bool:
        return self.next_review <= today


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of running text."""

    text: str


@dataclass(frozen=True)
class Bullets:
    """A bulleted list."""

    items: tuple[str, ...]


Block = Paragraph | Bullets


@dataclass(frozen=True)
class Section:
    """A headed part of a step page."""

    heading: str
    body: tuple[Block, ...]


@dataclass(frozen=True)
class Step:
    """One of the four steps of the guide."""

    id: str
    number: int
    title: str
    summary: str
    in_short: tuple[str, ...]
    sections: tuple[Section, ...]
    contact_ids: tuple[str, ...]
    sources: tuple[str, ...]
    last_updated: dt.date
    next_review: dt.date
    council_page: str = ""
    #: Where the step is written, for review messages that point to the file.
    line: int = 0

    def review_due(self, today: dt.date) -> bool:
        return self.next_review <= today


@dataclass(frozen=True)
class Detail:
    """One way to reach an organisation, with where the fact came from.

    ``value`` is empty when research found nothing; such a detail is only on staff's review list.
    """

    kind: str
    value: str
    source: str
    checked: dt.date | None
    verified: bool
    note: str = ""
    line: int = 0
    #: Where the ``source`` value is written, so a warning about the source points at it.
    source_line: int = 0
    source_column: int = 0

    @property
    def shown_to_families(self) -> bool:
        return self.verified and bool(self.value)


@dataclass(frozen=True)
class Contact:
    """An organisation a family can turn to."""

    id: str
    name: str
    helps_with: str
    group: str
    details: tuple[Detail, ...]
    line: int = 0

    def shown_details(self) -> tuple[Detail, ...]:
        return tuple(detail for detail in self.details if detail.shown_to_families)

    @property
    def has_hidden_details(self) -> bool:
        """True when some detail exists in the data but is not confirmed, so staff must help."""
        return any(not detail.shown_to_families for detail in self.details)

    def website(self) -> str:
        return next((d.value for d in self.shown_details() if d.kind == "website"), "")


@dataclass(frozen=True)
class ContactGroup:
    """A heading on the Contacts page (mediation, advice, complaints, ombudsmen...)."""

    id: str
    title: str


@dataclass(frozen=True)
class Content:
    """Everything the kiosk shows, in English."""

    title: str
    tagline: str
    steps: tuple[Step, ...]
    groups: tuple[ContactGroup, ...]
    contacts: tuple[Contact, ...]
    directory: Path = field(default=Path("content"))
    source_pages: tuple[SourcePage, ...] = ()
    seed_page: SeedPage | None = None

    def source_page(self, name: str) -> SourcePage | None:
        """The dated source a step or detail cites by URL or citation, if it is listed."""
        return next((page for page in self.source_pages if page.name == name), None)

    def step(self, step_id: str) -> Step:
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)

    def contact(self, contact_id: str) -> Contact:
        for contact in self.contacts:
            if contact.id == contact_id:
                return contact
        raise KeyError(contact_id)

    def contacts_for(self, step_id: str | None) -> tuple[Contact, ...]:
        """The contacts of one step, or all of them (grouped order) for the Contacts page."""
        if step_id is None:
            return tuple(c for g in self.groups for c in self.contacts if c.group == g.id)
        return tuple(self.contact(contact_id) for contact_id in self.step(step_id).contact_ids)

    def steps_of(self, contact_id: str) -> tuple[Step, ...]:
        """The steps a contact belongs to (derived from the steps that list it)."""
        return tuple(step for step in self.steps if contact_id in step.contact_ids)

    def strings(self) -> Iterator[str]:
        """Every English string that a family reads, in page order (used for statistics)."""
        yield self.title
        yield self.tagline
        for step in self.steps:
            yield step.title
            yield step.summary
            yield from step.in_short
            for section in step.sections:
                yield section.heading
                for block in section.body:
                    yield from (block.text,) if isinstance(block, Paragraph) else block.items
        for group in self.groups:
            yield group.title
        for contact in self.contacts:
            yield contact.helps_with
            yield from (d.value for d in contact.details if d.kind == "hours" and d.value)


def _block(fields: Fields) -> Block:
    fields.reject_unknown(("paragraph", "bullets"))
    if ("paragraph" in fields.data) == ("bullets" in fields.data):
        fields.problems.append(
            Problem(
                fields.path,
                "each block is either 'paragraph: text' or 'bullets: [list]', exactly one of them.",
                fields.data.mark.line,
                fields.data.mark.column,
                fields.where,
            )
        )
        return Paragraph("")
    if "paragraph" in fields.data:
        return Paragraph(fields.string("paragraph"))
    return Bullets(fields.text_list("bullets", minimum=1))


def _section(fields: Fields) -> Section:
    fields.reject_unknown(("heading", "body"))
    return Section(fields.string("heading"), fields.each("body", _block))


_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{2}))?")


def _page_date(fields: Fields, key: str) -> tuple[dt.date | None, str]:
    """A page's own date: YYYY-MM-DD, or only YYYY-MM or YYYY when that is all the page says.

    A partial date is kept as the last day of its period (a 2020 page is treated as of
    2020-12-31), so an age check never calls a page older than it may be.
    """
    raw = fields.string(key, required=False)
    partial = _PARTIAL_DATE.fullmatch(raw)
    if partial is None:
        return fields.date(key, required=False), ""
    year, month = int(partial.group(1)), int(partial.group(2) or 12)
    if not 1 <= month <= 12:
        fields.problem(key, f"'{raw}' is not a real month; write YYYY-MM-DD, YYYY-MM or YYYY.")
        return None, ""
    return dt.date(year, month, calendar.monthrange(year, month)[1]), raw


def _source_page(fields: Fields) -> SourcePage:
    fields.reject_unknown(("url", "cite", "title", "published", "seen", "checked"))
    url = fields.url("url", required=False)
    cite = fields.string("cite", required=False)
    if bool(url) == bool(cite):
        fields.problem(
            "url",
            "each source has either 'url' (a web address) or 'cite' (a citation, e.g. an Act and "
            "section, when no page is named), exactly one of them.",
            fields.data.mark,
        )
    published, published_text = _page_date(fields, "published")
    seen = fields.date("seen", required=False)
    if ("published" in fields.data) == ("seen" in fields.data):
        fields.problem(
            "published",
            "each source needs the date of the page itself: 'published' (the date the page shows) "
            "or, when it shows none, 'seen' (the day it was read), exactly one of them.",
            fields.data.mark,
        )
    return SourcePage(
        url=url,
        cite=cite,
        published=published,
        seen=seen,
        checked=fields.date("checked"),
        title=fields.string("title", required=False),
        published_text=published_text,
        line=fields.data.mark.line,
    )


def _seed_page(fields: Fields) -> SeedPage:
    fields.reject_unknown(("url", "last_updated", "next_review"))
    return SeedPage(
        url=fields.url("url"),
        last_updated=fields.date("last_updated") or dt.date.min,
        next_review=fields.date("next_review") or dt.date.min,
        line=fields.data.mark.line,
    )


def _cited(fields: Fields, key: str, name: str, mark: Mark, where: str, known: set[str] | None) -> None:
    """Record a problem when ``name`` is cited but not listed (with its date) under source_pages."""
    if known is not None and name and name not in known:
        fields.problems.append(
            Problem(
                fields.path,
                f"the source '{name[:80]}' is not listed under 'source_pages' in {GUIDE_FILE}; "
                "add it there with the date of the page ('published' or 'seen') and 'checked'.",
                mark.line,
                mark.column,
                where,
            )
        )


def _step(fields: Fields, known_sources: set[str] | None = None) -> Step:
    fields.reject_unknown(
        (
            "id",
            "number",
            "title",
            "summary",
            "in_short",
            "sections",
            "contacts",
            "council_page",
            "sources",
            "last_updated",
            "next_review",
        )
    )
    sources = fields.text_list("sources", minimum=1)
    for source, mark, where in fields.items("sources", required=False):
        if not isinstance(source, str):
            continue
        if not source.startswith(("https://", "http://")) and (known_sources is None or source not in known_sources):
            fields.problems.append(
                Problem(
                    fields.path,
                    f"'{source}' is not a web address, nor a citation listed under 'source_pages'; "
                    "sources are URLs or listed citations.",
                    mark.line,
                    mark.column,
                    where,
                )
            )
        else:
            _cited(fields, "sources", source, mark, where, known_sources)
    step = Step(
        id=fields.identifier("id"),
        number=fields.integer("number", minimum=1, maximum=len(STEP_IDS)),
        title=fields.string("title"),
        summary=fields.string("summary"),
        in_short=fields.text_list("in_short", minimum=3, maximum=5),
        sections=fields.each("sections", _section),
        contact_ids=fields.text_list("contacts", minimum=1),
        sources=sources,
        last_updated=fields.date("last_updated") or dt.date.min,
        next_review=fields.date("next_review") or dt.date.min,
        council_page=fields.url("council_page", required=False),
        line=fields.data.mark.line,
    )
    if step.last_updated != dt.date.min and step.next_review != dt.date.min and step.next_review < step.last_updated:
        fields.problem("next_review", "the next review is before the last update; check both dates.")
    return step


def _detail(fields: Fields, known_sources: set[str] | None = None) -> Detail:
    fields.reject_unknown(("kind", "value", "source", "checked", "verified", "note"))
    kind = fields.choice("kind", DETAIL_KINDS)
    value = fields.string("value", required=False)
    if kind == "website" and value:
        fields.url("value")
    if kind == "email" and value and "@" not in value:
        fields.problem("value", f"'{value}' is not an email address.")
    # A detail shown to families needs a page that states it; an unverified one may have none
    # (its note says why), because citing a page that does not hold the detail misleads staff.
    verified = fields.boolean("verified")
    source = fields.url("source", required=bool(value) and verified)
    _cited(fields, "source", source, fields.value_mark("source"), fields.field_name("source"), known_sources)
    detail = Detail(
        kind=kind,
        value=value,
        source=source,
        checked=fields.date("checked"),
        verified=verified,
        note=fields.string("note", required=False),
        line=fields.data.mark.line,
        source_line=fields.value_mark("source").line if source else 0,
        source_column=fields.value_mark("source").column if source else 0,
    )
    if detail.verified and not value:
        fields.problem("verified", "a detail without a value cannot be verified; set verified: false and add a note.")
    if not detail.verified and not detail.note:
        fields.problem("note", "an unverified detail needs a note telling staff what is unsure.", fields.data.mark)
    return detail


def _contact(fields: Fields, known_sources: set[str] | None = None) -> Contact:
    fields.reject_unknown(("id", "name", "helps_with", "group", "details"))
    return Contact(
        id=fields.identifier("id"),
        name=fields.string("name"),
        helps_with=fields.string("helps_with"),
        group=fields.identifier("group"),
        details=fields.each("details", lambda detail: _detail(detail, known_sources), required=False),
        line=fields.data.mark.line,
    )


def _group(fields: Fields) -> ContactGroup:
    fields.reject_unknown(("id", "title"))
    return ContactGroup(fields.identifier("id"), fields.string("title"))


def _duplicates(path: Path, what: str, entries: list[tuple[str, int]], problems: list[Problem]) -> None:
    seen: dict[str, int] = {}
    for entry_id, line in entries:
        if entry_id in seen:
            problems.append(
                Problem(
                    path,
                    f"the {what} id '{entry_id}' is used twice (first on line {seen[entry_id]}); ids must be unique.",
                    line,
                    0,
                    "id",
                )
            )
        else:
            seen[entry_id] = line


def load_content(directory: Path) -> Content:
    """Load and cross-check ``guide.yaml`` and ``contacts.yaml``; raise ContentError listing every problem."""
    problems: list[Problem] = []
    guide_path = directory / GUIDE_FILE
    contacts_path = directory / CONTACTS_FILE

    guide_data, guide_problems = read_yaml_file(guide_path)
    problems += guide_problems
    contacts_data, contact_problems = read_yaml_file(contacts_path)
    problems += contact_problems

    title = tagline = ""
    steps: tuple[Step, ...] = ()
    source_pages: tuple[SourcePage, ...] = ()
    seed_page: SeedPage | None = None
    # The dated sources are listed in guide.yaml; when it cannot be read, citations are not checked
    # against them (None), so one broken file does not bury the other's problems in false ones.
    known_sources: set[str] | None = None
    if not guide_problems:
        guide = Fields(guide_data, guide_path, "", problems, at=Mark(1, 1))
        if guide.ok:
            guide.reject_unknown(("kiosk", "seed_page", "source_pages", "steps"))
            kiosk = Fields(guide.data.get("kiosk"), guide_path, "kiosk", problems, at=guide.value_mark("kiosk"))
            if kiosk.ok:
                kiosk.reject_unknown(("title", "tagline"))
                title, tagline = kiosk.string("title"), kiosk.string("tagline")
            source_pages = guide.each("source_pages", _source_page)
            _duplicates(guide_path, "source", [(page.name, page.line) for page in source_pages], problems)
            known_sources = {page.name for page in source_pages}
            if "seed_page" in guide.data:
                seed = Fields(guide.data["seed_page"], guide_path, "seed_page", problems, guide.value_mark("seed_page"))
                if seed.ok:
                    seed_page = _seed_page(seed)
                    _cited(seed, "url", seed_page.url, seed.value_mark("url"), "seed_page.url", known_sources)
            steps = guide.each("steps", lambda step: _step(step, known_sources))

    groups: tuple[ContactGroup, ...] = ()
    contacts: tuple[Contact, ...] = ()
    if not contact_problems:
        data = Fields(contacts_data, contacts_path, "", problems, at=Mark(1, 1))
        if data.ok:
            data.reject_unknown(("groups", "contacts"))
            groups = data.each("groups", _group)
            contacts = data.each("contacts", lambda contact: _contact(contact, known_sources))

    _check_steps(guide_path, steps, problems)
    _duplicates(contacts_path, "contact", [(c.id, c.line) for c in contacts], problems)
    _duplicates(contacts_path, "group", [(g.id, 0) for g in groups], problems)
    if not contact_problems:
        contact_ids = {c.id for c in contacts}
        group_ids = {g.id for g in groups}
        for step in steps:
            for contact_id in step.contact_ids:
                if contact_id not in contact_ids:
                    problems.append(
                        Problem(
                            guide_path,
                            f"step '{step.id}' lists the contact '{contact_id}', which is "
                            f"not in {CONTACTS_FILE}. Add it there or fix the id.",
                            step.line,
                            0,
                            f"{step.id}.contacts",
                        )
                    )
        for contact in contacts:
            if contact.group and contact.group not in group_ids:
                problems.append(
                    Problem(
                        contacts_path,
                        f"contact '{contact.id}' is in the group '{contact.group}', "
                        f"which is not listed under 'groups'.",
                        contact.line,
                        0,
                        "group",
                    )
                )
    if problems:
        raise ContentError(problems)
    return Content(title, tagline, steps, groups, contacts, directory, source_pages, seed_page)


def _check_steps(path: Path, steps: tuple[Step, ...], problems: list[Problem]) -> None:
    _duplicates(path, "step", [(s.id, s.line) for s in steps], problems)
    numbers = [s.number for s in steps]
    if steps and sorted(numbers) != list(range(1, len(steps) + 1)):
        problems.append(
            Problem(
                path,
                f"step numbers are {numbers}; they must run 1, 2, 3... with no gaps or repeats.",
                steps[0].line,
                0,
                "steps",
            )
        )
    ids = [s.id for s in steps]
    unknown = [i for i in ids if i not in STEP_IDS]
    for step in steps:
        if step.id in unknown:
            problems.append(
                Problem(
                    path, f"'{step.id}' is not one of the guide's steps ({', '.join(STEP_IDS)}).", step.line, 0, "id"
                )
            )
    if not unknown and len(set(ids)) == len(ids) and len(ids) != len(STEP_IDS) and steps:
        missing = [i for i in STEP_IDS if i not in ids]
        problems.append(Problem(path, f"the guide needs all four steps; missing: {', '.join(missing)}.", 0, 0, "steps"))
