"""Old sources: `kiosk check` warns (and --strict fails) on a detail families are shown whose page
predates Somerset Council (1 April 2023) or is over 24 months old; it lists details not checked for
12 months and the seed page's own review date; the staff screen lists the same.

The fixture tests/fixtures/content-source-age/ holds one contact detail per case (see its notes);
dates are judged as on a fixed day, passed in with --today or as an argument.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from pathlib import Path

import pytest
from textual.geometry import Region

from kiosk.core.content import load_content
from kiosk.core.errors import ContentError
from kiosk.core.pin import hash_pin
from kiosk.core.source_age import long_unchecked, months_before, review_lines, stale_sources
from kiosk.ui.app import KioskApp
from kiosk.ui.screens.staff import StaffScreen

from .conftest import CONTENT_DIR, FIXTURES
from .test_check_command import kiosk_check

AGES = FIXTURES / "content-source-age"
REVIEW_DAY = dt.date(2026, 12, 3)
SHOWN = "tests/fixtures/content-source-age/contacts.yaml"


def test_months_before_keeps_the_day_and_falls_back_at_month_ends() -> None:
    assert months_before(dt.date(2026, 12, 3), 24) == dt.date(2024, 12, 3)
    assert months_before(dt.date(2026, 1, 15), 12) == dt.date(2025, 1, 15)
    assert months_before(dt.date(2028, 2, 29), 12) == dt.date(2027, 2, 28)
    assert months_before(dt.date(2026, 3, 31), 1) == dt.date(2026, 2, 28)


def test_old_pages_are_found_for_shown_details_only() -> None:
    content = load_content(AGES)
    found = {(s.contact.id, s.detail.kind): s.reason for s in stale_sources(content, REVIEW_DAY)}
    assert found.keys() == {("global-mediation", "phone"), ("forum", "phone")}
    assert "older than 24 months (published 2023-08-31)" in found["global-mediation", "phone"]
    assert "from before 1 April 2023" in found["forum", "phone"] and "(published 2020)" in found["forum", "phone"]


def test_a_page_is_old_only_once_24_months_have_passed() -> None:
    content = load_content(AGES)
    # 2023-08-31 + 24 months: still fresh on 2025-08-31, old the day after.
    on_the_day = {(s.contact.id, s.detail.kind) for s in stale_sources(content, dt.date(2025, 8, 31))}
    day_after = {(s.contact.id, s.detail.kind) for s in stale_sources(content, dt.date(2025, 9, 1))}
    assert ("global-mediation", "phone") not in on_the_day
    assert ("global-mediation", "phone") in day_after
    # The 2020 page is old whatever the day: it predates Somerset Council.
    assert ("forum", "phone") in on_the_day


def test_details_checked_over_12_months_ago_are_listed() -> None:
    content = load_content(AGES)
    assert [(c.id, d.kind) for c, d in long_unchecked(content, REVIEW_DAY)] == [("global-mediation", "website")]
    assert long_unchecked(content, dt.date(2026, 6, 1)) == ()


def test_check_warns_on_old_sources_and_strict_fails_on_them() -> None:
    plain = kiosk_check("--content", AGES, "--today", REVIEW_DAY.isoformat())
    assert plain.returncode == 0, plain.stderr
    assert "Traceback" not in plain.stdout + plain.stderr
    warnings = plain.stdout.split("families are shown details whose source is old:")[1].split("\n\n")[0]
    assert f"{SHOWN}:15:17: [global-mediation.phone.source]" in warnings
    assert "older than 24 months (published 2023-08-31)" in warnings
    assert f"{SHOWN}:33:17: [forum.phone.source]" in warnings
    assert "before 1 April 2023, when Somerset Council was formed (published 2020)" in warnings
    assert "help@example.org" not in warnings and "example.org/fresh" not in warnings
    # Long-unchecked details and the seed page's own dates are listed for staff.
    assert f"{SHOWN}:19: Global Mediation, website - last checked 2025-06-01." in plain.stdout
    assert "last updated 2024-11-13, was due for review on 2025-05-13." in plain.stdout

    strict = kiosk_check("--content", AGES, "--today", REVIEW_DAY.isoformat(), "--strict")
    assert strict.returncode == 1
    assert f"{SHOWN}:15:17: [global-mediation.phone.source]" in strict.stderr
    assert f"{SHOWN}:33:17: [forum.phone.source]" in strict.stderr


def test_check_says_nothing_about_pages_that_were_fresh_on_the_day() -> None:
    result = kiosk_check("--content", AGES, "--today", "2025-06-01")
    assert "global-mediation.phone.source" not in result.stdout
    assert "forum.phone.source" in result.stdout
    assert "Contact details not checked for over 12 months (0):" in result.stdout
    assert "is next due for review on" not in result.stdout  # 2025-05-13 had passed by 2025-06-01


def test_a_date_that_is_not_a_date_is_a_sentence() -> None:
    result = kiosk_check("--content", AGES, "--today", "3 December")
    assert result.returncode == 2
    assert "'3 December' is not a date; write it as YYYY-MM-DD." in result.stderr
    assert "Traceback" not in result.stderr


def test_shipped_content_lists_its_seed_page_review_date() -> None:
    lines = review_lines(load_content(CONTENT_DIR), REVIEW_DAY)
    assert any("last updated 2024-11-13, was due for review on 2025-05-13" in line for line in lines)


async def test_staff_screen_lists_old_sources_unchecked_details_and_the_seed_page(config, monkeypatch) -> None:
    """What staff see drawn on the review part of their screen, on the fixture, judged on 2026-12-03."""

    class ReviewDay(dt.date):
        @classmethod
        def today(cls) -> ReviewDay:
            return cls(2026, 12, 3)

    monkeypatch.setattr("kiosk.ui.screens.staff.dt.date", ReviewDay)
    app = KioskApp(dataclasses.replace(config, staff_pin_hash=hash_pin("482916")), load_content(AGES))
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.press("f12")
        await pilot.pause()
        await pilot.press(*"482916", "enter")
        await pilot.pause()
        assert isinstance(app.screen, StaffScreen)
        review = app.screen.query_one("#staff-review")
        # Every line the widget draws (staff scroll to read them all), as the terminal shows them.
        lines = [strip.text for strip in review.render_lines(Region(0, 0, *review.size))]
    drawn = " ".join(" ".join(lines).split())  # long lines wrap: read them as one text
    assert "Seed page" in drawn and "was due for review on 2025-05-13" in drawn
    assert "Old source: Global Mediation phone 0800 064 4488" in drawn
    assert "Old source: Test Forum phone 01458 259384" in drawn
    assert "Not checked for over 12 months: Global Mediation website (last checked 2025-06-01)" in drawn


VALID = FIXTURES / "content-valid"
GLOBAL_MEDIATION_PAGE = """  - url: "https://www.globalmediation.co.uk/send-mediation"
    seen: "2026-11-28"
"""


@pytest.mark.parametrize(
    ("replacement", "field", "says"),
    [
        (
            GLOBAL_MEDIATION_PAGE + '    cite: "Global Mediation leaflet"\n',
            "source_pages[4].url",
            "either 'url' (a web address) or 'cite'",
        ),
        (GLOBAL_MEDIATION_PAGE + '    published: "2026-11"\n', "source_pages[4].published", "exactly one of them"),
        (
            GLOBAL_MEDIATION_PAGE.replace('seen: "2026-11-28"', 'published: "2026-13"'),
            "source_pages[4].published",
            "'2026-13' is not a real month",
        ),
    ],
    ids=["url-and-cite", "published-and-seen", "month-13"],
)
def test_a_source_page_with_a_wrong_date_or_name_is_located(
    tmp_path: Path, replacement: str, field: str, says: str
) -> None:
    shutil.copytree(VALID, tmp_path / "content")
    guide = tmp_path / "content" / "guide.yaml"
    guide.write_text(guide.read_text(encoding="utf-8").replace(GLOBAL_MEDIATION_PAGE, replacement), encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        load_content(tmp_path / "content")
    (problem,) = raised.value.problems
    assert problem.path == guide and problem.line >= 100 and problem.field == field, str(problem)
    assert says in problem.message


def test_a_step_may_cite_legislation_by_name_only_when_it_is_listed(tmp_path: Path) -> None:
    shutil.copytree(VALID, tmp_path / "content")
    guide = tmp_path / "content" / "guide.yaml"
    text = guide.read_text(encoding="utf-8")
    listed = (
        text.replace(
            '      - "https://www.legislation.gov.uk/uksi/2014/1530/part/2/crossheading/mediation/made"\n',
            '      - "Children and Families Act 2014, section 51"\n',
        )
        + '  - cite: "Children and Families Act 2014, section 51"\n    seen: "2026-12-03"\n    checked: "2026-12-03"\n'
    )
    guide.write_text(listed, encoding="utf-8")
    assert load_content(tmp_path / "content").source_page("Children and Families Act 2014, section 51") is not None
    unlisted = listed.replace('  - cite: "Children and Families Act 2014, section 51"', '  - cite: "Another Act"')
    guide.write_text(unlisted, encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        load_content(tmp_path / "content")
    (problem,) = raised.value.problems
    assert problem.field == "steps[2].sources[0]" and "is not a web address, nor a citation listed" in problem.message
