"""The content extractor and the translators' round trip: extract, translate, change the English,
update - the changed sentence must become fuzzy so nobody is shown an out-of-date translation."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.core.babel_extract import ContentExtractionError, extract_content
from kiosk.core.config import REPO_ROOT
from kiosk.core.content import Content, load_content
from kiosk.core.i18n import Translator
from kiosk.core.pofiles import MACHINE_ASSISTED, REVIEW_HEADER, read_catalogue, write_catalogue

from .conftest import CONTENT_DIR, FIXTURES, LOCALES_DIR

BIN = Path(sys.executable).parent
VALID = FIXTURES / "content-valid"


def extracted(directory: Path) -> list[tuple[int, str, list[str], str]]:
    """(line, message, comments, file) for every message the extractor finds in a content folder."""
    found = []
    for name in ("contacts.yaml", "guide.yaml"):
        with (directory / name).open("rb") as fileobj:
            for line, function, message, comments in extract_content(fileobj, ["_"], [], {}):
                assert function is None
                found.append((line, message, comments, name))
    return found


def non_family_values(content: Content) -> set[str]:
    """Everything in the content that must never be offered for translation."""
    values = {content.directory.name}
    for step in content.steps:
        values |= {step.id, *step.contact_ids, *step.sources, step.council_page}
        values |= {step.last_updated.isoformat(), step.next_review.isoformat()}
    for group in content.groups:
        values.add(group.id)
    for contact in content.contacts:
        values |= {contact.id, contact.name, contact.group}
        for detail in contact.details:
            values |= {detail.source, detail.note}
            if detail.kind != "hours":
                values.add(detail.value)
    # The dated sources and the seed page are for staff: never offered for translation.
    for page in content.source_pages:
        values |= {page.url, page.cite, page.title, page.published_text}
    if content.seed_page is not None:
        values |= {content.seed_page.url, content.seed_page.last_updated.isoformat()}
    return values - {""}


@pytest.mark.parametrize("directory", [CONTENT_DIR, VALID], ids=["shipped", "fixture"])
def test_extractor_finds_every_family_string_and_nothing_else(directory: Path) -> None:
    content = load_content(directory)
    messages = {message for _, message, _, _ in extracted(directory)}
    assert messages == set(content.strings())
    assert not messages & non_family_values(content)


def test_messages_carry_their_line_and_field_path() -> None:
    found = extracted(VALID)
    for line, message, comments, name in found:
        source = (VALID / name).read_text(encoding="utf-8").splitlines()
        assert message in source[line - 1], (name, line, message)
        assert len(comments) == 1
    by_message = {message: comments[0] for _, message, comments, _ in found}
    assert by_message["Test guide: where to get help"] == "kiosk.title"
    assert by_message["Call 0800 064 4488 to ask for mediation."] == "mediation.in_short[2]"
    assert by_message["Deadlines"] == "mediation.sections[0].heading"
    assert (
        by_message["You can appeal within 2 months of the decision letter, or 1 month after the certificate."]
        == "mediation.sections[0].body[0].paragraph"
    )
    assert by_message["Read more at https://www.ipsea.org.uk."] == "mediation.sections[0].body[1].bullets[1]"
    assert by_message["Monday to Friday, 9am to 5pm"] == "contacts.global-mediation.details[2].value"
    assert by_message["Mediation and disagreement resolution"] == "groups.mediation.title"


def test_unreadable_content_stops_extraction_with_a_sentence() -> None:
    path = FIXTURES / "content-broken" / "not-yaml" / "guide.yaml"
    with path.open("rb") as fileobj, pytest.raises(ContentExtractionError) as raised:
        list(extract_content(fileobj, [], [], {}))
    assert "guide.yaml:2:9" in str(raised.value.code)
    assert "no catalogue was written" in str(raised.value.code)


def pybabel(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(BIN / "pybabel"), *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    return result


def pofiles(*args: str | Path) -> None:
    result = subprocess.run(
        [str(BIN / "python"), "-m", "kiosk.core.pofiles", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_pybabel_extract_reads_code_and_content_with_the_project_mapping(tmp_path: Path) -> None:
    """The documented command: pybabel extract -F pyproject.toml -o ... kiosk content."""
    pot = tmp_path / "messages.pot"
    pybabel("extract", "-F", "pyproject.toml", "-o", pot, "kiosk", "content", cwd=REPO_ROOT)
    ids = {message.id for message in read_catalogue(pot) if message.id}
    content = load_content(CONTENT_DIR)
    assert set(content.strings()) <= ids
    assert {"In short", "Who can help", "Step %(num)s"} <= ids  # interface strings from the code


def test_changed_english_becomes_fuzzy_and_the_review_header_survives(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(VALID, content)
    locales = tmp_path / "locales"
    locales.mkdir()
    pot = locales / "messages.pot"
    sentence = "Contact the mediation adviser within 2 months of the decision letter."
    translation = "Skontaktuj się z doradcą ds. mediacji w ciągu 2 miesięcy od daty pisma z decyzją."

    pybabel("extract", "-F", REPO_ROOT / "pyproject.toml", "-o", pot, "content", cwd=tmp_path)
    pofiles("init", "pl", "--locales", locales)
    po = locales / "pl" / "LC_MESSAGES" / "messages.po"
    catalog = read_catalogue(po)
    catalog[sentence].string = translation
    write_catalogue(catalog, po)

    guide = content / "guide.yaml"
    guide.write_text(
        guide.read_text(encoding="utf-8").replace(sentence, sentence.replace("2 months", "3 months")),
        encoding="utf-8",
    )
    pybabel("extract", "-F", REPO_ROOT / "pyproject.toml", "-o", pot, "content", cwd=tmp_path)
    pofiles("update", locales)
    pofiles("compile", locales)

    updated = read_catalogue(po)
    changed = updated[sentence.replace("2 months", "3 months")]
    assert changed is not None and changed.fuzzy
    assert changed.string == translation  # kept for the translator to correct...
    # The translator's editor shows what the English used to say.
    assert '#| msgid "Contact the mediation adviser within 2 months' in po.read_text(encoding="utf-8")
    assert updated[sentence] is None
    assert updated.header(REVIEW_HEADER) == MACHINE_ASSISTED
    assert po.stat().st_mode & 0o777 == 0o644  # still readable by the kiosk's user and the translators

    # ...but never shown: the kiosk shows the new English, marked as English.
    shown = Translator("pl", locales).localized(sentence.replace("2 months", "3 months"))
    assert shown.text == sentence.replace("2 months", "3 months")
    assert shown.lang == "en" and shown.fallback
    assert Translator("pl", locales).review.description == MACHINE_ASSISTED


def test_shipped_template_matches_the_content() -> None:
    """locales/messages.pot holds every content string: 'make translations' has been run."""
    ids = {message.id for message in read_catalogue(LOCALES_DIR / "messages.pot") if message.id}
    missing = set(load_content(CONTENT_DIR).strings()) - ids
    assert not missing, f"run 'make translations'; not in messages.pot: {sorted(missing)[:3]}"
