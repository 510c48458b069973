"""Reading, updating and compiling the gettext catalogues without losing their review header.

Babel drops every header it does not know when it reads a ``.po`` file, so plain
``pybabel update`` and ``pybabel compile`` silently lose ``X-Translation-Review`` (the line that
tells staff and families whether a qualified translator has checked a language). The catalogue
class here keeps every ``X-...`` header through reading, updating, writing and compiling.

``make translations`` and ``make catalogues`` run this module::

    python -m kiosk.core.pofiles update [LOCALES_DIR]   # merge messages.pot into every catalogue
    python -m kiosk.core.pofiles compile [LOCALES_DIR]  # write the .mo files the kiosk loads
    python -m kiosk.core.pofiles init LANG... [--locales DIR]  # start catalogues for new languages
"""

from __future__ import annotations

import argparse
import datetime as dt
import gettext
import os
import sys
import tempfile
from collections.abc import Iterable
from io import BytesIO
from pathlib import Path
from typing import Any

from babel.core import UnknownLocaleError
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, PoFileParser, write_po

from kiosk.core.config import REPO_ROOT
from kiosk.core.errors import Problem
from kiosk.core.posyntax import find_syntax_fault

DOMAIN = "messages"
TEMPLATE_NAME = f"{DOMAIN}.pot"
REVIEW_HEADER = "X-Translation-Review"
#: The review state of a catalogue that a machine helped write and no qualified translator has checked.
MACHINE_ASSISTED = "machine-assisted, not yet reviewed by a qualified translator"
#: Line width of written catalogues, as pybabel uses.
PO_WIDTH = 76
#: Most plural forms a language has (Arabic: zero, one, two, few, many, other).
MAX_PLURAL_FORMS = 6


class HeaderKeepingCatalog(Catalog):
    """A Babel catalogue that keeps the ``X-...`` header lines Babel would otherwise drop."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.extra_headers: list[tuple[str, str]] = []
        super().__init__(*args, **kwargs)

    def _set_mime_headers(self, headers: Iterable[tuple[str, str]]) -> None:
        headers = list(headers)
        self.extra_headers = [(name, value) for name, value in headers if name.lower().startswith("x-")]
        super()._set_mime_headers(headers)
        # Babel makes a list of nplurals forms for every plural message: nplurals=300000000 would hang.
        if not 1 <= self.num_plurals <= MAX_PLURAL_FORMS:
            raise ValueError(
                f"the Plural-Forms line says nplurals={self.num_plurals}, but a language has 1 to "
                f"{MAX_PLURAL_FORMS} plural forms"
            )

    def _get_mime_headers(self) -> list[tuple[str, str]]:
        headers = super()._get_mime_headers()
        # Before "Generated-By", whose value Babel ends with a newline: anything after it would
        # fall outside the header block when the file is read again.
        return headers[:-1] + self.extra_headers + headers[-1:]

    def header(self, name: str) -> str:
        """The value of an ``X-...`` header, or an empty string."""
        return next((value for key, value in self.extra_headers if key.lower() == name.lower()), "")

    def set_header(self, name: str, value: str) -> None:
        """Add or replace an ``X-...`` header."""
        self.extra_headers = [(key, old) for key, old in self.extra_headers if key.lower() != name.lower()]
        self.extra_headers.append((name, value))


class CatalogueReadError(Exception):
    """A ``.po`` file that cannot be read; ``problem`` says where and why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def catalogue_files(locales_dir: Path) -> list[tuple[str, Path]]:
    """(language code, path) of every ``<code>/LC_MESSAGES/messages.po`` under ``locales_dir``."""
    found = []
    for path in sorted(locales_dir.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        found.append((path.parent.parent.name, path))
    return found


def read_catalogue(path: Path, locale: str | None = None) -> HeaderKeepingCatalog:
    """Read a ``.po`` (or ``.pot``) file; raise CatalogueReadError with the line of the fault."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise CatalogueReadError(Problem(path, "the catalogue file does not exist.")) from None
    except OSError as error:
        raise CatalogueReadError(Problem(path, f"the catalogue cannot be read ({error.strerror}).")) from None
    fault = find_syntax_fault(raw)
    if fault is not None:
        raise CatalogueReadError(Problem(path, f"this is not a valid gettext catalogue: {fault.message}", fault.line))
    catalog = HeaderKeepingCatalog(locale=locale, domain=DOMAIN)
    parser = PoFileParser(catalog, ignore_obsolete=False, abort_invalid=True)
    try:
        parser.parse(BytesIO(raw))
    except PoFileError as error:
        what = str(error).rsplit(" on ", 1)[0]
        if "more translations than num_plurals" in what:
            what = "a message has more msgstr[...] plural forms than the header's Plural-Forms line allows"
        # Babel counts lines from 0; editors, and Problem, from 1.
        raise CatalogueReadError(
            Problem(path, f"this is not a valid gettext catalogue ({what}). Check the entry here.", error.lineno + 1)
        ) from None
    except (UnicodeDecodeError, LookupError) as error:
        # Every line is UTF-8 (find_syntax_fault checked), so the header's "charset=", with which
        # Babel decodes the lines after it, is unknown (LookupError) or wrong for this file.
        raise CatalogueReadError(
            Problem(
                path,
                f"the catalogue cannot be read in the character set its header names ({error}). "
                "Write 'charset=UTF-8' in the 'Content-Type:' line and save the file as UTF-8.",
            )
        ) from None
    except UnknownLocaleError as error:
        raise CatalogueReadError(
            Problem(
                path,
                f"the header names a language Babel does not know ({error.identifier}). "
                "Fix the 'Language:' line of the header.",
            )
        ) from None
    except ValueError as error:
        raise CatalogueReadError(
            Problem(
                path,
                f"the catalogue's header cannot be understood ({error}). "
                "Check the 'Plural-Forms:' and 'Language:' lines.",
            )
        ) from None
    return catalog


def write_catalogue(catalog: Catalog, path: Path, *, template: bool = False) -> None:
    """Write a catalogue atomically (a temporary file renamed over the old one)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # mkstemp makes a private (0600) file; the catalogue keeps the permissions it had, or 0644.
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as fileobj:
            write_po(fileobj, catalog, width=PO_WIDTH, ignore_obsolete=True, include_previous=not template)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def compile_catalogue(catalog: Catalog) -> bytes:
    """The ``.mo`` bytes of a catalogue, with only complete translations.

    Fuzzy, empty and partly translated plural messages are left out, so the kiosk shows English
    for them. (Babel's own compile keeps a plural message with an empty form, which would show
    an empty line for some counts.)
    """
    complete = HeaderKeepingCatalog(domain=DOMAIN)
    complete.mime_headers = catalog.mime_headers
    for message in catalog:
        if is_translated(message):
            complete[message.id] = message
    buffer = BytesIO()
    write_mo(buffer, complete, use_fuzzy=False)
    return buffer.getvalue()


def new_catalogue(template_path: Path, code: str) -> HeaderKeepingCatalog:
    """A fresh catalogue for ``code`` from the template (as ``pybabel init``), marked as not reviewed."""
    # Read without a locale: the template holds two plural forms whatever the language has.
    catalog = read_catalogue(template_path)
    catalog.locale = code
    catalog.revision_date = dt.datetime.now(dt.UTC)
    catalog.fuzzy = False
    catalog.set_header(REVIEW_HEADER, MACHINE_ASSISTED)
    return catalog


def is_translated(message: Message) -> bool:
    """True when every form of the message has a translation that is not marked fuzzy."""
    forms = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return bool(message.id) and not message.fuzzy and all(forms)


def update_catalogue(path: Path, template: Catalog) -> HeaderKeepingCatalog:
    """Merge the template into one catalogue, as ``pybabel update --previous`` does, keeping X- headers.

    English strings that changed become fuzzy (with the previous English kept as ``#|`` lines);
    strings no longer used are dropped.
    """
    catalog = read_catalogue(path)
    catalog.update(template, no_fuzzy_matching=False, update_header_comment=False, update_creation_date=True)
    write_catalogue(catalog, path)
    return catalog


def _refuse(mo_path: Path, reason: str) -> None:
    """Say why a catalogue was not compiled, and remove its old ``.mo``: the kiosk must not go on using it."""
    stale = mo_path.exists()
    mo_path.unlink(missing_ok=True)
    removed = f" The old {mo_path.name} was removed." if stale else ""
    print(f"Not compiled: {reason}{removed} This language will show English.", file=sys.stderr)


def write_compiled(data: bytes, mo_path: Path) -> None:
    """Write a ``.mo`` whole or not at all: a half-written one is 'corrupt' to the kiosk."""
    descriptor, temporary = tempfile.mkstemp(dir=mo_path.parent, prefix=f".{mo_path.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as fileobj:
            fileobj.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, mo_path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _compile_all(locales_dir: Path) -> int:
    compiled: list[str] = []
    for code, path in catalogue_files(locales_dir):
        mo_path = path.with_suffix(".mo")
        try:
            catalog = read_catalogue(path)
        except CatalogueReadError as error:
            # The language falls back to English; 'kiosk check' reports the fault as an error.
            _refuse(mo_path, str(error.problem))
            continue
        if catalog.fuzzy:
            _refuse(
                mo_path,
                f"{path} is marked fuzzy as a whole (a '#, fuzzy' line above the header). "
                "Remove that line once the catalogue is ready.",
            )
            continue
        data = compile_catalogue(catalog)
        try:
            # gettext reads the Plural-Forms formula when it loads the file: a typo there stops the load.
            gettext.GNUTranslations(BytesIO(data))
        except Exception as error:  # any fault means the kiosk could not load it
            _refuse(
                mo_path, f"{path}: the compiled catalogue could not be loaded ({error}). Check the Plural-Forms line."
            )
            continue
        write_compiled(data, mo_path)
        done = sum(1 for message in catalog if is_translated(message))
        compiled.append(f"{code} {done}/{len([m for m in catalog if m.id])}")
    print(f"Compiled {len(compiled)} catalogues (translated/total): {', '.join(compiled) or 'none'}")
    return 0


def _update_all(locales_dir: Path) -> int:
    template_path = locales_dir / TEMPLATE_NAME
    try:
        template = read_catalogue(template_path)
    except CatalogueReadError as error:
        print(f"Cannot update the catalogues: {error.problem}", file=sys.stderr)
        return 1
    failed = False
    for code, path in catalogue_files(locales_dir):
        try:
            catalog = update_catalogue(path, template)
        except CatalogueReadError as error:
            print(f"Not updated: {error.problem}", file=sys.stderr)
            failed = True
            continue
        fuzzy = sum(1 for message in catalog if message.id and message.fuzzy)
        print(f"Updated {code}: {len([m for m in catalog if m.id])} strings, {fuzzy} fuzzy.")
    return 1 if failed else 0


def _init(codes: list[str], locales_dir: Path) -> int:
    for code in codes:
        path = locales_dir / code / "LC_MESSAGES" / f"{DOMAIN}.po"
        if path.exists():
            print(f"{path} already exists; not replaced.")
            continue
        write_catalogue(new_catalogue(locales_dir / TEMPLATE_NAME, code), path)
        print(f"Created {path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Command line for the Makefile's ``translations`` and ``catalogues`` targets."""
    parser = argparse.ArgumentParser(prog="python -m kiosk.core.pofiles", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("update", "compile"):
        command = commands.add_parser(name)
        command.add_argument("locales", nargs="?", type=Path, default=REPO_ROOT / "locales")
    init = commands.add_parser("init")
    init.add_argument("languages", nargs="+")
    init.add_argument("--locales", type=Path, default=REPO_ROOT / "locales")
    args = parser.parse_args(argv)
    try:
        if args.command == "update":
            return _update_all(args.locales)
        if args.command == "compile":
            return _compile_all(args.locales)
        return _init(args.languages, args.locales)
    except CatalogueReadError as error:
        print(error.problem, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
