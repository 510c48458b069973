"""Fuzzing the files people edit by hand: guide.yaml, contacts.yaml, kiosk.yaml and messages.po.

Hypothesis feeds the content loader, the configuration loader and the catalogue checks raw bytes,
odd YAML (scalars of every type, deep nesting, anchors and aliases, tags, duplicate keys) and
small mutations of the shipped files (a line deleted or repeated, a character changed, the file
cut short). Whatever the input, each either loads or reports the kiosk's own problems: sentences
that name the file and, for a syntax fault, the line. Nothing else may escape, and no input may
take more than a second of CPU time.

Every run uses one seed, printed before each test and attached to every failure. To replay a run
exactly::

    KIOSK_FUZZ_SEED=<seed> .venv/bin/pytest -p no:cacheprovider tests/test_fuzz.py

The plain tests at the end hold the exact inputs the fuzzer found, each once a crash or a hang.
"""

from __future__ import annotations

import copy
import functools
import gettext
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, note, seed, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from kiosk.core.catalogues import PLURAL_COUNTS_CHECKED, check_catalogues, template_ids
from kiosk.core.config import ALL_LANGUAGES, CONFIG_FIELDS, PAPERS, PLAYERS, REPO_ROOT, THEMES, KioskConfig, load_config
from kiosk.core.content import CONTACTS_FILE, GUIDE_FILE, Content, load_content
from kiosk.core.errors import ConfigError, ContentError, Problem
from kiosk.core.literals import literals_of
from kiosk.core.pofiles import compile_catalogue, read_catalogue

from .conftest import CONTENT_DIR, FIXTURES, LOCALES_DIR

# --- Seeds -------------------------------------------------------------------------------------

SEED_VARIABLE = "KIOSK_FUZZ_SEED"


def seed_from(environment: Mapping[str, str]) -> int:
    """The seed the environment names, or a fresh random one when it names none."""
    text = environment.get(SEED_VARIABLE, "").strip()
    if not text:
        return random.SystemRandom().randrange(2**32)
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"{SEED_VARIABLE} must be a whole number such as 1234, not {text!r}.") from None


FUZZ_SEED = seed_from(os.environ)
#: Most CPU time one input may take to load or to be refused (a hang guard, not a speed goal).
EXAMPLE_CPU_LIMIT_S = 1.0
REPLAY_HINT = f"Fuzz seed {FUZZ_SEED}: replay this run exactly with {SEED_VARIABLE}={FUZZ_SEED}."


# database=None keeps no examples, yet Hypothesis still caches what it learns about the code under
# test (its constants, Unicode tables) in ./.hypothesis, even while collecting. This module's run
# keeps them in a temporary folder, removed when Python exits.
_HYPOTHESIS_HOME = tempfile.TemporaryDirectory(prefix="kiosk-fuzz-hypothesis-")
set_hypothesis_home_dir(_HYPOTHESIS_HOME.name)


@pytest.fixture(scope="module", autouse=True)
def _usual_hypothesis_home_after_this_module() -> Iterator[None]:
    yield
    # The test modules run after this one keep Hypothesis's usual folder (and example database).
    set_hypothesis_home_dir(None)


@pytest.fixture(autouse=True)
def _print_seed() -> None:
    # Once per test, not per example: `pytest -s` shows it, and a failing test's report shows it
    # under "Captured stdout setup".
    print(REPLAY_HINT)


def fuzz(max_examples: int, **strategies: st.SearchStrategy[Any]) -> Callable[[Callable[..., None]], Any]:
    """``@given(**strategies)`` with this run's seed, a one-second hang guard and no example database."""

    def decorate(test: Callable[..., None]) -> Any:
        @functools.wraps(test)
        def with_replay_hint(*args: Any, **kwargs: Any) -> None:
            # Hypothesis attaches note() text to the failure it reports, next to the falsifying example.
            note(REPLAY_HINT)
            # The hang guard counts this process's CPU time, not the wall clock: a slow input burns
            # CPU, while a busy machine (CI's other work, CUPS filters still running) only delays it.
            started = time.process_time()
            test(*args, **kwargs)
            spent = time.process_time() - started
            assert spent <= EXAMPLE_CPU_LIMIT_S, f"one input took {spent:.2f} s of CPU time (limit 1 s). {REPLAY_HINT}"

        configured = settings(max_examples=max_examples, deadline=None, database=None)
        return seed(FUZZ_SEED)(configured(given(**strategies)(with_replay_hint)))

    return decorate


# --- The shipped files, the starting point of every mutation -----------------------------------

SHIPPED_GUIDE = (CONTENT_DIR / GUIDE_FILE).read_bytes()
SHIPPED_CONTACTS = (CONTENT_DIR / CONTACTS_FILE).read_bytes()
#: A small valid guide and contacts (a fifth of the shipped size, so five times quicker to load) to
#: pair with a file of random bytes, which never gets as far as the cross-checks.
SMALL_GUIDE = (FIXTURES / "content-valid" / GUIDE_FILE).read_bytes()
SMALL_CONTACTS = (FIXTURES / "content-valid" / CONTACTS_FILE).read_bytes()
EXAMPLE_CONFIG = (REPO_ROOT / "kiosk.example.yaml").read_bytes()
POLISH_CATALOGUE = (LOCALES_DIR / "pl" / "LC_MESSAGES" / "messages.po").read_bytes()
#: Every catalogue must hold these, so the "missing strings" checks run too.
TEMPLATE_STRINGS = frozenset(template_ids(LOCALES_DIR))


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder for the whole module: each example overwrites the files it tests."""
    return tmp_path_factory.mktemp("fuzz")


# --- What "a clear error" means ------------------------------------------------------------------

_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
#: Signs that a message is a Python exception passed through rather than a sentence for a person.
_EXCEPTION_TEXT = re.compile(r"Traceback|<unicode string>|\b[A-Z]\w*(?:Error|Exception)\b|object at 0x")
#: Words of the messages for faults that are at one place in the file, so must name its line.
YAML_SYNTAX_WORDS = ("not valid YAML", "not UTF-8", "NUL", "does not allow")
PO_SYNTAX_WORDS = ("not a valid gettext catalogue", "not UTF-8")


def line_count(raw: bytes) -> int:
    """Lines of a file as YAML counts them (it also breaks lines at CR, NEL and U+2028/9)."""
    return len(_LINE_BREAK.findall(raw.decode("utf-8", errors="replace"))) + 1


def assert_explained(problem: Problem, files: Mapping[Path, bytes], syntax_words: tuple[str, ...]) -> None:
    """One problem is a sentence about one of ``files``, at a line that exists in it."""
    shown = str(problem)
    message = problem.message
    assert problem.path in files, f"names a file that was not read: {shown}"
    assert shown.startswith(f"{problem.path}:"), f"does not start with the file's name: {shown}"
    assert message and message == message.strip(), f"empty or padded message: {shown!r}"
    # It follows "file:line: [field]", so it goes on in lower case (or starts with a quoted value).
    assert not message[0].isupper(), f"not worded to follow the file name: {shown}"
    assert message.endswith("."), f"not a whole sentence: {shown}"
    assert not _EXCEPTION_TEXT.search(message), f"a Python exception, not a sentence: {shown}"
    assert 0 <= problem.line <= line_count(files[problem.path]), f"line {problem.line} is not in the file: {shown}"
    if any(words in message for words in syntax_words):
        assert problem.line >= 1, f"a fault at one place in the file, without its line: {shown}"


def content_outcome(workspace: Path, guide: bytes, contacts: bytes) -> Content | None:
    """Load the two content files; the content, or None after checking every problem reported."""
    directory = workspace / "content"
    directory.mkdir(exist_ok=True)
    files = {directory / GUIDE_FILE: guide, directory / CONTACTS_FILE: contacts}
    for path, raw in files.items():
        path.write_bytes(raw)
    try:
        content = load_content(directory)
    except ContentError as error:
        assert error.problems, "a ContentError that lists no problem"
        for problem in error.problems:
            assert_explained(problem, files, YAML_SYNTAX_WORDS)
        return None
    # Content that loads is safe to show: every step's contacts exist and every string is text.
    for step in content.steps:
        assert content.contacts_for(step.id)
    assert all(isinstance(text, str) for text in content.strings())
    return content


def config_outcome(workspace: Path, raw: bytes) -> KioskConfig | None:
    """Load ``raw`` as kiosk.yaml; the settings, or None after checking every problem reported."""
    path = workspace / "kiosk.yaml"
    path.write_bytes(raw)
    try:
        config = load_config(path)
    except ConfigError as error:
        assert error.problems, "a ConfigError that lists no problem"
        for problem in error.problems:
            assert_explained(problem, {path: raw}, YAML_SYNTAX_WORDS)
        return None
    # Settings that load keep the promises the rest of the kiosk relies on.
    assert config.default_language in config.languages
    assert config.idle_warning_s >= 20
    return config


def catalogue_outcome(workspace: Path, raw: bytes) -> None:
    """Check ``raw`` as the Polish catalogue; every finding must be a sentence about that file."""
    locales = workspace / "locales"
    path = locales / "pl" / "LC_MESSAGES" / "messages.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)
    report = check_catalogues(locales, ["pl"], TEMPLATE_STRINGS)
    # The compiled .mo beside it (none here) is compared with the .po by tests/test_catalogue_faults.py.
    errors = [problem for problem in report.errors if problem.path.suffix != ".mo"]
    for problem in (*errors, *report.incomplete):
        assert_explained(problem, {path: raw}, PO_SYNTAX_WORDS)
    if not errors:
        # A catalogue without errors is one the kiosk can use: every count it may show picks a form.
        compiled = gettext.GNUTranslations(BytesIO(compile_catalogue(read_catalogue(path))))
        for count in PLURAL_COUNTS_CHECKED:
            compiled.ngettext("Wrong PIN.", "Wrong PINs.", count)


# --- Strategies ------------------------------------------------------------------------------------

#: Characters that mean something to YAML or to a .po file, so a change of one reaches the parsers.
_YAML_PIECES = [*":-[]{}&*!|>'\"#%@`,?~ \t\n\r\\0x.", "\x00", "\x07", "\x85", "\ufeff", "é", "\u2028", "---"]
_PO_PIECES = [
    *'"\\%()s#[]~|,.:0123456789 \n\t',
    "msgid ",
    "msgstr ",
    "msgstr[7] ",
    "msgid_plural ",
    "msgctxt ",
    "#, fuzzy\n",
    "#~ ",
    "%(num)s",
    "nplurals=",
    "charset=",
    "\x00",
]
YAML_PIECES = [piece.encode() for piece in _YAML_PIECES]
PO_PIECES = [piece.encode() for piece in _PO_PIECES]


def billion_laughs(levels: int, width: int) -> str:
    """A flow list whose last item, through aliases, holds ``width ** levels`` items."""
    anchors = [f"&l0 [{', '.join(['lol'] * width)}]"]
    for level in range(1, levels):
        anchors.append(f"&l{level} [{', '.join([f'*l{level - 1}'] * width)}]")
    return f"[{', '.join(anchors)}, *l{levels - 1}]"


def alias_chain(length: int) -> str:
    """A list nested ``length`` deep through aliases alone, with no brackets nested in the text.

    PyYAML builds each anchored value once, in order, so this must load as quickly as it reads.
    """
    links = ["&a0 [x]"] + [f"&a{index} [*a{index - 1}]" for index in range(1, length)]
    return f"[{', '.join(links)}]"


_SCALAR_TEXTS = [
    "",
    "~",
    "null",
    "yes",
    "off",
    "-0",
    "0o17",
    "017",
    "0x1F",
    "0x_",
    "0b_",
    "1_000",
    "1:30:00",
    "1e400",
    "-.inf",
    ".nan",
    "2024-13-40",
    "2024-02-29",
    "2024-01-01 10:00:00",
    "'",
    '"',
    "|",
    ">",
    "&a",
    "*a",
    "*nowhere",
    "[",
    "}",
    "- x",
    "? x",
    "'it''s'",
    '"\\0"',
    '"\\x07"',
    '"\\u00e9\\t"',
    "!!binary AAAA",
    "!!binary ***",
    "!!python/object:os.system ls",
    "!!python/name:os.system",
    "!!python/object/apply:os.system [ls]",
    "!!int abc",
    "!!int 0x",
    "!!float abc",
    "!!bool maybe",
    "!!timestamp garbage",
    "!!timestamp 2024-13-40",
    "!!timestamp 2024-01-01",
    "!!null x",
    "!!str 12",
    "!!set {a, b}",
    "!!omap [a: 1, b: 2]",
    "!!pairs [a: 1, a: 2]",
    "!!seq x",
    "!!map x",
    "!custom x",
    "!<tag:yaml.org,2002:int> 5",
    "{a: 1, a: 2}",
    "{<<: [1]}",
    "[&m {a: 1}, {<<: *m, b: 2}]",
    "&r [*r]",
    "%YAML 1.1",
    "...",
]
_FLOW_KEYS = st.sampled_from(["a", "id", "title", "kind", "value", "1", "~", "[x]", "? k", "<<"])
_PLAIN_WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz-_ 0123456789", min_size=1, max_size=12)

#: Every tag a YAML file may carry: the standard ones, Python's (which safe loading must refuse),
#: an unknown one. Each is put on every kind of value, since a tag can name the wrong kind ("!!seq x").
YAML_TAGS = [
    "!!str",
    "!!int",
    "!!float",
    "!!bool",
    "!!null",
    "!!binary",
    "!!timestamp",
    "!!seq",
    "!!map",
    "!!set",
    "!!omap",
    "!!pairs",
    "!!merge",
    "!!value",
    "!!python/object:os.system",
    "!!python/object/apply:os.system",
    "!!python/name:os.system",
    "!!python/tuple",
    "!custom",
    "!<tag:yaml.org,2002:int>",
]
_ANCHOR_NAMES = st.sampled_from(["a", "b"])

#: One value written in YAML's one-line (flow) style: odd scalars, tags, anchors and aliases, nesting.
flow_values: st.SearchStrategy[str] = st.recursive(
    st.sampled_from(_SCALAR_TEXTS) | _PLAIN_WORDS | _ANCHOR_NAMES.map("*{}".format),
    lambda inner: (
        st.lists(inner, max_size=4).map(lambda items: f"[{', '.join(items)}]")
        | st.lists(st.tuples(_FLOW_KEYS, inner), max_size=4).map(
            lambda pairs: "{" + ", ".join(f"{key}: {value}" for key, value in pairs) + "}"
        )
        | st.builds("{} {}".format, st.sampled_from(YAML_TAGS), inner)
        | st.builds("&{} {}".format, _ANCHOR_NAMES, inner)
    ),
    max_leaves=10,
)
#: Values made to exhaust something: memory (aliases), the stack (nesting), the digit limit, time.
extreme_values: st.SearchStrategy[str] = st.one_of(
    st.builds(billion_laughs, st.integers(1, 12), st.integers(2, 10)),
    st.builds(lambda laughs: f"{{? {laughs} : 1}}", st.builds(billion_laughs, st.integers(1, 12), st.integers(2, 10))),
    st.integers(1, 2500).map(alias_chain),
    st.integers(1, 3000).map(lambda depth: "[" * depth + "]" * depth),
    st.integers(1, 3000).map(lambda depth: "{a: " * depth + "1" + "}" * depth),
    st.integers(1, 6000).map(lambda digits: "1" * digits),
    st.integers(1, 6000).map(lambda digits: "0x" + "f" * digits),
    st.integers(1, 3000).map(lambda parts: "1" + ":0" * parts),
    st.builds(lambda unit, count: unit * count, _PLAIN_WORDS, st.integers(1000, 2000)),
)
yaml_values = flow_values | extreme_values

#: Python values of every type YAML can hold (dates, bytes, floats such as nan), for yaml.safe_dump.
_DATA_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=40),
    st.dates(),
    st.datetimes(),
    st.binary(max_size=12),
    st.builds(lambda unit, count: unit * count, st.text(min_size=1, max_size=3), st.integers(1000, 3000)),
)
_DATA_KEYS = st.one_of(st.text(max_size=12), st.integers(), st.booleans(), st.none(), st.floats(allow_nan=False))
data_values: st.SearchStrategy[Any] = st.recursive(
    _DATA_SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_DATA_KEYS, inner, max_size=4),
    max_leaves=15,
)


def dumped(data: Any) -> bytes:
    """``data`` as a YAML file (mixed key types stay in their order: sorting them would fail)."""
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True).encode("utf-8")


def paths_in(data: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """The path (keys and indexes) of every value in a parsed YAML document, the root first."""
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from paths_in(value, (*prefix, key))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from paths_in(item, (*prefix, index))


def grafted(original: Any, path: tuple[Any, ...], value: Any, delete: bool) -> Any:
    """A copy of ``original`` with the value at ``path`` replaced by ``value`` (or deleted)."""
    if not path:
        return value
    document = copy.deepcopy(original)
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    if delete:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return document


def grafts(original: bytes) -> st.SearchStrategy[bytes]:
    """The shipped document with one value swapped for odd data: reaches the deep validation."""
    data = yaml.safe_load(original)
    return st.builds(
        lambda path, value, delete: dumped(grafted(data, path, value, delete)),
        st.sampled_from(list(paths_in(data))),
        data_values,
        st.booleans(),
    )


MUTATIONS = (
    "delete a line",
    "repeat a line",
    "swap two lines",
    "change a character",
    "insert a character",
    "remove a character",
    "replace a value",
    "cut the file short",
)


#: What may follow "name: " on a YAML line: any one-line value, then the line break.
YAML_LINE_ENDS = yaml_values.map(lambda value: value.encode() + b"\n")
_HEADER_VALUES = [
    "nplurals=0; plural=0;",
    "nplurals=7; plural=n%7;",
    "nplurals=300000000; plural=n;",
    "nplurals=2; plural=n>;",
    "nplurals=2; plural=" + "(" * 199 + "n" + ")" * 199 + ";",
    "nplurals=x;",
    "nplurals=3; plural=10/(n-3);",
    "nplurals=2; plural=n%0;",
    "text/plain; charset=foo",
    "text/plain; charset=utf-16",
    "text/plain; charset=utf-8-sig",
    "text/plain; charset=base64",
    "xx_YY",
    "pl_PL@latin",
    "a_b_c_d_e",
    "2026-99-99 99:99+9999",
    "0000-01-01 00:00+0000",
]
#: What may follow "Name: " on a .po header line (or a msgid with a colon): text, then the closing quote.
PO_LINE_ENDS = (
    st.sampled_from(_HEADER_VALUES) | st.text(st.characters(exclude_characters='"\\\n\r', codec="utf-8"), max_size=30)
).map(lambda value: value.encode() + b'\\n"\n')


@st.composite
def mutated(draw: st.DrawFn, original: bytes, pieces: list[bytes], line_ends: st.SearchStrategy[bytes]) -> bytes:
    """``original`` after one to three small edits of the kind people make by mistake.

    ``pieces`` are the characters worth typing by mistake; ``line_ends`` replace what follows a
    line's first ": " (a YAML value, a .po header's value).
    """
    lines = original.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 3))):
        if not lines:
            break
        where = draw(st.integers(0, len(lines) - 1))
        line = lines[where]
        kind = draw(st.sampled_from(MUTATIONS))
        at = draw(st.integers(0, max(len(line) - 1, 0)))
        if kind == "delete a line":
            del lines[where]
        elif kind == "repeat a line":
            lines.insert(draw(st.integers(0, len(lines))), line)
        elif kind == "swap two lines":
            other = draw(st.integers(0, len(lines) - 1))
            lines[where], lines[other] = lines[other], line
        elif kind in ("change a character", "insert a character"):
            # A piece that matters to the parser, or any one or two bytes (often not UTF-8).
            piece = draw(st.sampled_from(pieces) | st.binary(min_size=1, max_size=2))
            lines[where] = line[:at] + piece + line[at + (kind == "change a character") :]
        elif kind == "remove a character":
            lines[where] = line[:at] + line[at + 1 :]
        elif kind == "replace a value" and b": " in line:
            lines[where] = line.split(b": ", 1)[0] + b": " + draw(line_ends)
        elif kind == "cut the file short":
            lines = [*lines[:where], line[:at]]
    return b"".join(lines)


#: Text that looks like YAML (its punctuation, words, line breaks), so it gets past the first line.
yaml_like_text = st.lists(st.sampled_from(_YAML_PIECES) | _PLAIN_WORDS, max_size=80).map("".join)
arbitrary_files = st.binary(max_size=2000) | st.text(max_size=500).map(str.encode) | yaml_like_text.map(str.encode)


# --- Content: guide.yaml and contacts.yaml ---------------------------------------------------------


@fuzz(100, guide_is_broken=st.booleans(), raw=arbitrary_files)
def test_any_bytes_as_a_content_file_load_or_are_explained(workspace: Path, guide_is_broken: bool, raw: bytes) -> None:
    if guide_is_broken:
        content_outcome(workspace, raw, SMALL_CONTACTS)
    else:
        content_outcome(workspace, SMALL_GUIDE, raw)


_MISTYPED_GUIDE = mutated(SHIPPED_GUIDE, YAML_PIECES, YAML_LINE_ENDS)
_MISTYPED_CONTACTS = mutated(SHIPPED_CONTACTS, YAML_PIECES, YAML_LINE_ENDS)


@fuzz(
    150,
    files=st.one_of(
        st.tuples(_MISTYPED_GUIDE, st.just(SHIPPED_CONTACTS)),
        st.tuples(st.just(SHIPPED_GUIDE), _MISTYPED_CONTACTS),
        st.tuples(_MISTYPED_GUIDE, _MISTYPED_CONTACTS),
    ),
)
def test_mistyped_shipped_content_loads_or_is_explained(workspace: Path, files: tuple[bytes, bytes]) -> None:
    content_outcome(workspace, *files)


@fuzz(60, guide_is_broken=st.booleans(), guide=grafts(SHIPPED_GUIDE), contacts=grafts(SHIPPED_CONTACTS))
def test_shipped_content_with_odd_values_loads_or_is_explained(
    workspace: Path, guide_is_broken: bool, guide: bytes, contacts: bytes
) -> None:
    if guide_is_broken:
        content_outcome(workspace, guide, SHIPPED_CONTACTS)
    else:
        content_outcome(workspace, SHIPPED_GUIDE, contacts)


# --- Configuration: kiosk.yaml -----------------------------------------------------------------------

_CONFIG_WORDS = st.sampled_from([*ALL_LANGUAGES, *PLAYERS, *PAPERS, *THEMES, "~/kiosk", "/tmp", "."])
_config_values = st.one_of(
    data_values,
    _CONFIG_WORDS,
    st.lists(_CONFIG_WORDS | data_values, max_size=5),
    st.dictionaries(
        st.sampled_from(["player", "rate", "volume_db", "voices", "queue", "paper", "timeout_s"]), data_values
    ),
    st.fixed_dictionaries({}, optional={"voices": st.dictionaries(_CONFIG_WORDS | _DATA_KEYS, data_values)}),
)
#: Configuration documents built from the real field names, with values of any type.
config_documents = st.dictionaries(st.sampled_from(CONFIG_FIELDS) | _DATA_KEYS, _config_values, max_size=6)
#: "name: value" lines with values YAML's dumper never writes: tags, aliases, nesting, huge numbers.
config_lines = st.lists(
    st.tuples(st.sampled_from(CONFIG_FIELDS) | _PLAIN_WORDS, yaml_values), min_size=1, max_size=5
).map(lambda pairs: "".join(f"{name}: {value}\n" for name, value in pairs).encode())


@fuzz(150, raw=arbitrary_files)
def test_any_bytes_as_the_configuration_load_or_are_explained(workspace: Path, raw: bytes) -> None:
    config_outcome(workspace, raw)


@fuzz(100, document=config_documents)
def test_configuration_of_any_shape_loads_or_is_explained(workspace: Path, document: dict[Any, Any]) -> None:
    config_outcome(workspace, dumped(document))


@fuzz(120, raw=config_lines)
def test_configuration_with_odd_yaml_loads_or_is_explained(workspace: Path, raw: bytes) -> None:
    config_outcome(workspace, raw)


@fuzz(150, raw=mutated(EXAMPLE_CONFIG, YAML_PIECES, YAML_LINE_ENDS) | grafts(EXAMPLE_CONFIG))
def test_mistyped_example_configuration_loads_or_is_explained(workspace: Path, raw: bytes) -> None:
    config_outcome(workspace, raw)


def test_every_tag_on_every_odd_value_loads_or_is_explained(workspace: Path) -> None:
    # Few enough to try them all: a random draw met "!!int" with an empty value only once in
    # thousands of examples (it raised IndexError).
    for tag in YAML_TAGS:
        for value in [*_SCALAR_TEXTS, "[a]", "{a: 1}", "''"]:
            config_outcome(workspace, f"council: {tag} {value}\n".encode())


@fuzz(150, queue=st.text(max_size=20))
def test_a_printer_queue_is_accepted_only_if_cups_can_take_it(workspace: Path, queue: str) -> None:
    config = config_outcome(workspace, dumped({"printer": {"queue": queue}}))
    if config is not None and config.printer.queue:
        # The name goes to lp and lpstat as an argument: a control character would crash them.
        assert config.printer.queue.isprintable(), repr(config.printer.queue)
        assert not any(character.isspace() for character in config.printer.queue), repr(config.printer.queue)


# --- Catalogues: messages.po ---------------------------------------------------------------------------

#: Text that may sit between the quotes of a .po line (no quote, backslash or line break).
_PO_SAFE_TEXT = st.text(alphabet="abc019.-@: /%()s", min_size=1, max_size=4)


def _with_entry(msgid: str, msgstr: str) -> bytes:
    return POLISH_CATALOGUE + f'\nmsgid "{msgid}"\nmsgstr "{msgstr}"\n'.encode()


@fuzz(
    100,
    raw=arbitrary_files
    | st.lists(st.sampled_from(_PO_PIECES) | _PLAIN_WORDS, max_size=80).map(lambda parts: "".join(parts).encode()),
)
def test_any_bytes_as_a_catalogue_are_checked_or_explained(workspace: Path, raw: bytes) -> None:
    catalogue_outcome(workspace, raw)


@fuzz(150, raw=mutated(POLISH_CATALOGUE, PO_PIECES, PO_LINE_ENDS))
def test_mistyped_shipped_catalogue_is_checked_or_explained(workspace: Path, raw: bytes) -> None:
    catalogue_outcome(workspace, raw)


@fuzz(
    30,
    raw=st.builds(
        lambda unit, count, translated: _with_entry(unit * count, translated * count),
        _PO_SAFE_TEXT,
        st.integers(1000, 20000 // 4),
        _PO_SAFE_TEXT,
    ),
)
def test_very_long_translations_are_checked_in_time(workspace: Path, raw: bytes) -> None:
    catalogue_outcome(workspace, raw)


# --- The seed mechanism itself ---------------------------------------------------------------------------


def test_the_seed_comes_from_the_environment_or_is_drawn_at_random() -> None:
    assert seed_from({SEED_VARIABLE: "1234"}) == 1234
    assert seed_from({SEED_VARIABLE: " 77\n"}) == 77
    assert 0 <= seed_from({}) < 2**32
    assert 0 <= seed_from({SEED_VARIABLE: ""}) < 2**32
    with pytest.raises(ValueError, match=f"{SEED_VARIABLE} must be a whole number"):
        seed_from({SEED_VARIABLE: "abc"})


def test_the_seed_in_the_environment_is_the_seed_the_run_uses() -> None:
    shown = subprocess.run(
        [sys.executable, "-c", "from tests.test_fuzz import REPLAY_HINT; print(REPLAY_HINT)"],
        cwd=REPO_ROOT,
        env={**os.environ, SEED_VARIABLE: "424242"},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert shown.stdout.strip() == f"Fuzz seed 424242: replay this run exactly with {SEED_VARIABLE}=424242."


def test_one_seed_draws_the_same_examples_every_time() -> None:
    def examples() -> list[bytes]:
        drawn: list[bytes] = []

        @fuzz(25, raw=st.binary(max_size=40))
        def record(raw: bytes) -> None:
            drawn.append(raw)

        record()
        return drawn

    first = examples()
    assert len(set(first)) > 5, "the examples do not vary, so equal runs would prove nothing"
    assert examples() == first


def test_a_failing_fuzz_test_says_how_to_replay_it() -> None:
    @fuzz(10, number=st.integers())
    def always_fails(number: int) -> None:
        raise AssertionError(f"deliberate failure for {number}")

    with pytest.raises(AssertionError) as caught:
        always_fails()
    notes = "\n".join(getattr(caught.value, "__notes__", []))
    assert f"{SEED_VARIABLE}={FUZZ_SEED}" in notes, notes


# --- Inputs the fuzzer found: each once raised a Python error or hung ------------------------------------


def config_problems(tmp_path: Path, text: str) -> list[Problem]:
    path = tmp_path / "kiosk.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    return caught.value.problems


def catalogue_errors(tmp_path: Path, raw: bytes) -> list[Problem]:
    path = tmp_path / "pl" / "LC_MESSAGES" / "messages.po"
    path.parent.mkdir(parents=True)
    path.write_bytes(raw)
    # Only the .po's own errors: whether a compiled .mo matches it is tests/test_catalogue_faults.py's.
    return [problem for problem in check_catalogues(tmp_path, ["pl"]).errors if problem.path.suffix != ".mo"]


@pytest.mark.parametrize(
    ("value", "what"),
    [
        ("!!int abc", "'abc' cannot be read as a whole number"),  # was ValueError
        ("!!float abc", "'abc' cannot be read as a number"),  # was ValueError
        ("!!bool maybe", "'maybe' cannot be read as true or false"),  # was KeyError
        ("!!int", "'' cannot be read as a whole number"),  # was IndexError: the value is empty
        ("!!float ''", "'' cannot be read as a number"),  # was IndexError
        ("!!timestamp garbage", "'garbage' cannot be read as a date and time"),  # was AttributeError
        ("!!timestamp 2024-13-40", "'2024-13-40' cannot be read as a date and time"),  # was ValueError
        # Untagged, but YAML 1.1 takes "0x_" and "0b_" for numbers whose digits are all underscores.
        ("0x_", "'0x_' cannot be read as a whole number; if it is meant as text, put it in quotes"),
        ("-0b_", "'-0b_' cannot be read as a whole number"),
    ],
)
def test_a_value_that_cannot_be_of_its_type_is_a_yaml_error_at_its_place(tmp_path: Path, value: str, what: str) -> None:
    (problem,) = config_problems(tmp_path, f"# settings\ncouncil: {value}\n")
    assert (problem.line, problem.column) == (2, 10)
    assert what in problem.message and "not valid YAML" in problem.message


@pytest.mark.parametrize(
    ("value", "what"),
    [
        ("!!seq x", "the !!seq tag here needs a list"),  # was AttributeError: 'str' object has no attribute 'tag'
        ("!!seq {a: 1}", "the !!seq tag here needs a list"),  # was AttributeError
        ("!!map x", "the !!map tag here needs a mapping"),  # was ValueError: not enough values to unpack
        ("!!map [a, b]", "the !!map tag here needs a mapping"),  # was TypeError
    ],
)
def test_a_collection_tag_on_the_wrong_kind_of_value_is_a_yaml_error(tmp_path: Path, value: str, what: str) -> None:
    (problem,) = config_problems(tmp_path, f"theme: kiosk-dark\ncouncil: {value}\n")
    assert (problem.line, problem.column) == (2, 10)
    assert what in problem.message


@pytest.mark.parametrize("number", ["1" * 5000, "0x" + "f" * 4000])
def test_a_number_too_long_to_print_is_a_yaml_error(tmp_path: Path, number: str) -> None:
    # Python refuses to turn an integer of more than 4300 digits into text (or text into one).
    (problem,) = config_problems(tmp_path, f"council: {number}\n")
    assert problem.line == 1
    assert "a number is more than 1000 characters long; if it is meant as text, put it in quotes" in problem.message


LAUGHS = billion_laughs(9, 9)  # 9**9 items once the aliases are followed


def test_aliases_multiplied_into_a_language_are_described_not_printed(tmp_path: Path) -> None:
    # The language check printed the item with repr(), which never finished for 387 million items.
    (problem,) = config_problems(tmp_path, f"languages:\n  - {LAUGHS}\n")
    assert (problem.line, problem.field) == (2, "languages[0]")
    assert problem.message.startswith("a list is not a language the kiosk has")


def test_a_list_as_a_key_is_refused_before_it_is_printed(tmp_path: Path) -> None:
    # Keys were turned into text with str(), which never finished for an alias-multiplied list.
    (problem,) = config_problems(tmp_path, f"council: Testshire\n? {LAUGHS}\n: 1\n")
    assert problem.line == 2
    assert "a key here is a list or a mapping; keys must be plain names" in problem.message


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("council: " + "[" * 3000 + "]" * 3000 + "\n", 1),  # took seconds; named no line
        # Indented 600 deep: RecursionError, reported without a line.
        ("printer:\n" + "".join("  " * depth + f"level{depth}:\n" for depth in range(1, 600)), 50),
    ],
    ids=["brackets", "indentation"],
)
def test_nesting_too_deep_is_refused_at_its_line(tmp_path: Path, text: str, line: int) -> None:
    (problem,) = config_problems(tmp_path, text)
    assert problem.line == line
    assert "lists and mappings are nested more than 50 levels deep here" in problem.message


def test_a_control_character_is_named_with_its_line_and_column(tmp_path: Path) -> None:
    # Was: 'unacceptable character #x0007 ... in "<unicode string>", position 23', and no line.
    (problem,) = config_problems(tmp_path, "theme: kiosk-dark\ncouncil: Test\x07shire\n")
    assert (problem.line, problem.column) == (2, 14)
    assert "U+0007 is a special (non-printing) character, which YAML does not allow" in problem.message


def test_a_nul_byte_is_named_with_its_line(tmp_path: Path) -> None:
    (problem,) = config_problems(tmp_path, "theme: kiosk-dark\n\ncouncil: a\x00\n")
    assert problem.line == 3 and "NUL bytes" in problem.message


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("~nobody-by-this-name/content", "there is no such home folder here"),  # was RuntimeError
        # Was ValueError (embedded null byte); now refused as a control character where it is read.
        ('"content\\0"', "control character U+0000"),
    ],
)
def test_a_folder_that_cannot_be_a_path_is_explained(tmp_path: Path, value: str, words: str) -> None:
    (problem,) = config_problems(tmp_path, f"content_dir: {value}\n")
    assert (problem.line, problem.field) == (1, "content_dir")
    assert words in problem.message


@pytest.mark.parametrize("queue", ['"reception\\0"', '"a\\x07b"', '"front\\u200bdesk"'])
def test_a_printer_queue_with_a_control_character_is_refused(tmp_path: Path, queue: str) -> None:
    # Accepted before, then lp crashed on it ("embedded null byte") when a family pressed Print.
    (problem,) = config_problems(tmp_path, f"printer:\n  queue: {queue}\n")
    assert problem.field == "printer.queue"
    # A C0 or C1 control character is refused as the file is read; others by the queue name check.
    assert "cannot be a CUPS queue name" in problem.message or "control character U+00" in problem.message


def test_a_catalogue_naming_an_unknown_character_set_is_explained(tmp_path: Path) -> None:
    # Was LookupError: unknown encoding: foo.
    raw = POLISH_CATALOGUE.replace(b"charset=utf-8", b"charset=foo")
    (problem,) = catalogue_errors(tmp_path, raw)
    assert "cannot be read in the character set its header names (unknown encoding: foo)" in problem.message
    assert "charset=UTF-8" in problem.message


def test_a_catalogue_claiming_millions_of_plural_forms_is_explained(tmp_path: Path) -> None:
    # Babel made a list of 300 million forms for every plural message: minutes, gigabytes.
    raw = POLISH_CATALOGUE.replace(b"nplurals=3", b"nplurals=300000000")
    (problem,) = catalogue_errors(tmp_path, raw)
    assert "the Plural-Forms line says nplurals=300000000, but a language has 1 to 6 plural forms" in problem.message


@pytest.mark.parametrize(("formula", "count"), [("10/(n-3)", 3), ("n%0", 0)])
def test_a_plural_formula_that_fails_for_some_count_is_an_error(tmp_path: Path, formula: str, count: int) -> None:
    # Passed the check, then gettext raised ZeroDivisionError when the kiosk showed that count.
    header = re.search(rb'"Plural-Forms: .*?\\n"\n', POLISH_CATALOGUE, re.DOTALL)
    assert header is not None
    raw = POLISH_CATALOGUE.replace(header.group(), f'"Plural-Forms: nplurals=3; plural={formula};\\n"\n'.encode())
    (problem,) = catalogue_errors(tmp_path, raw)
    assert f"the Plural-Forms formula fails for the number {count} (" in problem.message
    assert "Correct the 'plural=' part of the header." in problem.message


def test_a_fault_babel_finds_is_reported_at_the_line_an_editor_shows(tmp_path: Path) -> None:
    # Babel counts lines from 0, so the line reported was the one above the fault.
    lines = POLISH_CATALOGUE.decode().splitlines(keepends=True)
    plural = next(index for index, line in enumerate(lines) if line.startswith("msgid_plural"))
    lines.insert(plural + 1, 'msgstr[5] "za dużo"\n')
    (problem,) = catalogue_errors(tmp_path, "".join(lines).encode())
    assert "more msgstr[...] plural forms" in problem.message
    assert problem.line == plural  # the 1-based line of the msgid just above msgid_plural


def test_an_email_address_after_a_long_run_of_letters_is_still_found() -> None:
    # The address pattern now starts only where a run of address characters starts (it had tried
    # every position of a 20,000-letter run: over a second per catalogue string).
    english = literals_of("x" * 20000 + " sen@globalmediation.co.uk")
    assert english.emails == Counter({"sen@globalmediation.co.uk": 1})
    assert literals_of("a" * 20000).emails == Counter()
