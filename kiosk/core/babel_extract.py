"""A Babel extractor for the kiosk's content YAML (``guide.yaml`` and ``contacts.yaml``).

Registered as the ``kiosk_content`` method (entry point group ``babel.extractors``) and mapped to
``content/**.yaml`` in ``pyproject.toml``, so ``pybabel extract -F pyproject.toml`` pulls every
sentence a family reads into ``messages.pot``. Names, phone numbers, emails, web addresses,
postal addresses, ids and dates are left out: they are never translated.

Each message carries a translator comment naming the field it comes from, e.g.
``mediation.sections[1].body[0].paragraph``, so a translator can find it in the YAML.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from kiosk.core.yamlsource import Mark, MarkedList, MarkedMap, load_yaml_text

#: What Babel expects from an extractor: (line, function name, message, translator comments).
Extracted = tuple[int, str | None, str, list[str]]


class ContentExtractionError(SystemExit):
    """The content file cannot be read; extraction stops rather than write a catalogue without it.

    A ``SystemExit`` so that ``pybabel`` prints the sentence and exits with status 1 instead of a
    traceback - and, above all, does not write a template missing every content string, which a
    following ``pybabel update`` would turn into lost translations.
    """


def _text(value: Any) -> str:
    """The family-facing text of a scalar, as the content model reads it (stripped)."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return ""
    return str(value).strip()


def _field(mapping: Any, key: str, where: str) -> Iterator[tuple[Mark, str, str]]:
    if isinstance(mapping, MarkedMap) and key in mapping:
        text = _text(mapping[key])
        if text:
            yield mapping.value_marks.get(key, mapping.mark), text, f"{where}.{key}" if where else key


def _items(mapping: Any, key: str) -> Iterator[tuple[int, Any, Mark]]:
    value = mapping.get(key) if isinstance(mapping, MarkedMap) else None
    if isinstance(value, MarkedList):
        yield from ((index, item, mark) for index, (item, mark) in enumerate(zip(value, value.item_marks, strict=True)))


def _text_items(mapping: Any, key: str, where: str) -> Iterator[tuple[Mark, str, str]]:
    for index, item, mark in _items(mapping, key):
        text = _text(item)
        if text:
            yield mark, text, f"{where}.{key}[{index}]"


def _entry_name(entry: Any, index: int) -> str:
    """How a list entry is named in comments: its id when it has a usable one."""
    entry_id = entry.get("id") if isinstance(entry, MarkedMap) else None
    return entry_id if isinstance(entry_id, str) and entry_id.strip() else f"[{index}]"


def guide_strings(data: MarkedMap) -> Iterator[tuple[Mark, str, str]]:
    """(mark, English text, field path) for every string of ``guide.yaml`` that a family reads."""
    yield from _field(data.get("kiosk"), "title", "kiosk")
    yield from _field(data.get("kiosk"), "tagline", "kiosk")
    for index, step, _mark in _items(data, "steps"):
        where = _entry_name(step, index)
        yield from _field(step, "title", where)
        yield from _field(step, "summary", where)
        yield from _text_items(step, "in_short", where)
        for s, section, _section_mark in _items(step, "sections"):
            section_where = f"{where}.sections[{s}]"
            yield from _field(section, "heading", section_where)
            for b, block, _block_mark in _items(section, "body"):
                block_where = f"{section_where}.body[{b}]"
                yield from _field(block, "paragraph", block_where)
                yield from _text_items(block, "bullets", block_where)


def contacts_strings(data: MarkedMap) -> Iterator[tuple[Mark, str, str]]:
    """(mark, English text, field path) for every string of ``contacts.yaml`` that a family reads."""
    for index, group, _mark in _items(data, "groups"):
        yield from _field(group, "title", f"groups.{_entry_name(group, index)}")
    for index, contact, _mark in _items(data, "contacts"):
        where = f"contacts.{_entry_name(contact, index)}"
        yield from _field(contact, "helps_with", where)
        for d, detail, _detail_mark in _items(contact, "details"):
            if isinstance(detail, MarkedMap) and detail.get("kind") == "hours":
                yield from _field(detail, "value", f"{where}.details[{d}]")


def content_strings(data: Any) -> Iterator[tuple[Mark, str, str]]:
    """The family-facing strings of either content file, told apart by their top-level keys."""
    if not isinstance(data, MarkedMap):
        return
    if "steps" in data or "kiosk" in data:
        yield from guide_strings(data)
    if "groups" in data or "contacts" in data:
        yield from contacts_strings(data)


def _name_of(fileobj: IO[bytes]) -> Path:
    return Path(str(getattr(fileobj, "name", "content file")))


def extract_content(
    fileobj: IO[bytes],
    keywords: Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[Extracted]:
    """Babel extraction method for the content YAML: yields ``(line, None, message, [field path])``.

    ``keywords`` and ``comment_tags`` are part of Babel's interface but mean nothing for YAML;
    the field path is always given as the translator comment.
    """
    path = _name_of(fileobj)
    raw = fileobj.read()
    try:
        text = raw.decode(str(options.get("encoding", "utf-8")))
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ContentExtractionError(
            f"{path}:{line}: the file is not UTF-8 text, so its strings cannot be extracted. "
            "Save it as UTF-8 and run the extraction again."
        ) from None
    data, problems = load_yaml_text(text, path)
    if problems:
        raise ContentExtractionError(
            "\n".join(f"{problem} Fix this before extracting: no catalogue was written." for problem in problems)
        )
    for mark, message, where in content_strings(data):
        yield mark.line, None, message, [where]
