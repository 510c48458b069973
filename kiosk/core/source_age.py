"""How old the guide's sources are: what staff must re-check, for ``kiosk check`` and the staff screen.

Three findings, all relative to a given day (``today`` is passed in, so tests can fix it):

* a detail shown to families whose source page predates Somerset Council (formed 1 April 2023,
  when it replaced Somerset County Council) or is older than 24 months - a warning, and an error
  with ``kiosk check --strict``;
* any detail last checked more than 12 months ago - listed for staff;
* the seed page's own review date (the council page the guide was written from) - listed for staff.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from kiosk.core.content import CONTACTS_FILE, GUIDE_FILE, Contact, Content, Detail, SourcePage
from kiosk.core.errors import Problem

#: The day Somerset Council replaced Somerset County Council: older pages may name the old body,
#: its old numbers and its old ways of complaining.
SOMERSET_COUNCIL_FORMED = dt.date(2023, 4, 1)
#: A page older than this may no longer say what the organisation does now.
SOURCE_MAX_AGE_MONTHS = 24
#: A detail nobody has compared with its source for this long is listed for staff.
CHECK_MAX_AGE_MONTHS = 12


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` earlier (29 February falls back to the month's last day)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


@dataclass(frozen=True)
class StaleSource:
    """A detail shown to families that rests on a page too old to trust without a fresh look."""

    contact: Contact
    detail: Detail
    page: SourcePage
    reason: str

    def problem(self, content: Content) -> Problem:
        return Problem(
            content.directory / CONTACTS_FILE,
            f"{self.contact.name}, {self.detail.kind} {self.detail.value}: its source "
            f"{self.page.name} is {self.reason}. Find a newer page that states it and cite that "
            f"(listed in {GUIDE_FILE} under source_pages), or set verified: false with a note.",
            self.detail.source_line or self.detail.line,
            self.detail.source_column,
            f"{self.contact.id}.{self.detail.kind}.source",
        )


def stale_sources(content: Content, today: dt.date) -> tuple[StaleSource, ...]:
    """Every detail shown to families whose source predates 1 April 2023 or is over 24 months old."""
    oldest_allowed = months_before(today, SOURCE_MAX_AGE_MONTHS)
    found: list[StaleSource] = []
    for contact in content.contacts:
        for detail in contact.shown_details():
            page = content.source_page(detail.source)
            if page is None:
                continue  # the loader already refuses a cited page that is not listed
            dated = page.describe_date()
            if page.page_date < SOMERSET_COUNCIL_FORMED:
                reason = f"from before 1 April 2023, when Somerset Council was formed ({dated})"
            elif page.page_date < oldest_allowed:
                reason = f"older than {SOURCE_MAX_AGE_MONTHS} months ({dated})"
            else:
                continue
            found.append(StaleSource(contact, detail, page, reason))
    return tuple(found)


def long_unchecked(content: Content, today: dt.date) -> tuple[tuple[Contact, Detail], ...]:
    """Every detail (shown or not) last checked more than 12 months ago, or never."""
    last_allowed = months_before(today, CHECK_MAX_AGE_MONTHS)
    return tuple(
        (contact, detail)
        for contact in content.contacts
        for detail in contact.details
        if detail.checked is None or detail.checked < last_allowed
    )


def seed_page_line(content: Content, today: dt.date) -> str:
    """The seed page's own dates, as staff read them."""
    seed = content.seed_page
    if seed is None:
        return "Seed page: not recorded in the content (add seed_page to guide.yaml)."
    state = "was due for review on" if seed.review_due(today) else "is next due for review on"
    return (
        f"Seed page {seed.url}: last updated {seed.last_updated.isoformat()}, {state} {seed.next_review.isoformat()}."
    )


def review_lines(content: Content, today: dt.date) -> list[str]:
    """The source-age findings as short lines for the staff screen (English: staff only)."""
    lines = [seed_page_line(content, today)]
    lines += [
        f"Old source: {stale.contact.name} {stale.detail.kind} {stale.detail.value} - {stale.page.name} "
        f"is {stale.reason}."
        for stale in stale_sources(content, today)
    ]
    lines += [
        f"Not checked for over {CHECK_MAX_AGE_MONTHS} months: {contact.name} {detail.kind} "
        f"(last checked {detail.checked.isoformat() if detail.checked else 'never'})"
        for contact, detail in long_unchecked(content, today)
    ]
    return lines
