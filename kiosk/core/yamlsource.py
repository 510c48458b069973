"""Read YAML safely while remembering where every value came from.

The loader is PyYAML's ``SafeLoader`` (no object construction) with these changes that people
editing content need: mappings remember the line and column of each key and value, a key
written twice is an error instead of silently keeping the last one, and dates stay text so a
malformed date gets our own sentence rather than a parser crash. Anything PyYAML would fail on
in a way other than a YAML error (a tagged ``!!int abc``, a number too long to print, nesting
that exhausts the stack) becomes a YAML error at the line of the value.
"""

from __future__ import annotations

import datetime as dt
import errno
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml

from kiosk.core import control_chars
from kiosk.core.errors import Problem


@dataclass(frozen=True)
class Mark:
    """A 1-based position in a source file."""

    line: int
    column: int


class MarkedMap(dict[str, Any]):
    """A YAML mapping that knows where it, its keys and its values were written."""

    def __init__(self, mark: Mark) -> None:
        super().__init__()
        self.mark = mark
        self.key_marks: dict[str, Mark] = {}
        self.value_marks: dict[str, Mark] = {}


class MarkedList(list[Any]):
    """A YAML sequence that knows where each item was written."""

    def __init__(self, mark: Mark) -> None:
        super().__init__()
        self.mark = mark
        self.item_marks: list[Mark] = []


def _mark(node: yaml.Node) -> Mark:
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)


class DuplicateKey(yaml.MarkedYAMLError):
    """A mapping names the same key twice."""


class ControlCharacter(yaml.MarkedYAMLError):
    """Text holds a terminal control character (written as an escape such as ``"\\e"`` in quotes)."""

    def __init__(self, character: str, mark: yaml.Mark, field: str) -> None:
        super().__init__(None, None, character, mark)
        self.character = character
        #: Where in the document, as Fields names it ("printer.queue", "steps[0].title").
        self.field = field


#: Deepest nesting of lists, mappings and values read (the guide needs 9). PyYAML's scanner slows
#: down with every open bracket and its composer recurses, so deeper input is refused early.
MAX_DEPTH = 50
#: Longest number read as a number; Python cannot even print an integer of more than 4300 digits.
LONGEST_NUMBER = 1000


class _MarkingLoader(yaml.SafeLoader):
    """SafeLoader that builds MarkedMap/MarkedList, refuses duplicate keys and limits nesting."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        #: The keys and list positions leading to the value being built, to name a field in an error.
        self.field_path: list[str] = []

    def field_name(self) -> str:
        return "".join(
            part if part.startswith("[") or index == 0 else f".{part}" for index, part in enumerate(self.field_path)
        )

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise yaml.composer.ComposerError(
                    None,
                    None,
                    f"lists and mappings are nested more than {MAX_DEPTH} levels deep here",
                    self.peek_event().start_mark,
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _expect(node: yaml.Node, kind: type[yaml.Node], what: str) -> None:
    # A tag can name a collection for a plain value ("!!seq x", "!!map [a]"); PyYAML would then
    # hand this module's constructors a node of the wrong kind.
    if not isinstance(node, kind):
        raise yaml.constructor.ConstructorError(
            None, None, f"the !!{node.tag.rsplit(':', 1)[-1]} tag here needs {what}", node.start_mark
        )


def _construct_map(loader: _MarkingLoader, node: yaml.MappingNode) -> MarkedMap:
    _expect(node, yaml.MappingNode, "a mapping ('name: value' lines)")
    result = MarkedMap(_mark(node))
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            # A list or mapping as a key is never a field name, and printing one (after aliases
            # have multiplied it) could take forever.
            raise yaml.constructor.ConstructorError(
                None, None, "a key here is a list or a mapping; keys must be plain names", key_node.start_mark
            )
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            key = str(key)
        if key in result:
            raise DuplicateKey(None, None, f"the key '{key}' is written twice in this mapping", key_node.start_mark)
        loader.field_path.append(key)
        try:
            result[key] = loader.construct_object(value_node, deep=True)
        finally:
            loader.field_path.pop()
        result.key_marks[key] = _mark(key_node)
        result.value_marks[key] = _mark(value_node)
    return result


def _construct_list(loader: _MarkingLoader, node: yaml.SequenceNode) -> MarkedList:
    _expect(node, yaml.SequenceNode, "a list (lines starting with '- ')")
    result = MarkedList(_mark(node))
    for index, item_node in enumerate(node.value):
        loader.field_path.append(f"[{index}]")
        try:
            result.append(loader.construct_object(item_node, deep=True))
        finally:
            loader.field_path.pop()
        result.item_marks.append(_mark(item_node))
    return result


def _construct_text(loader: _MarkingLoader, node: yaml.ScalarNode) -> str:
    # YAML's reader refuses a raw ESC, but a double-quoted "\e" or "\x9b" makes one.
    text = loader.construct_yaml_str(node)
    index = control_chars.first_control_character(text)
    if index is not None:
        raise ControlCharacter(text[index], node.start_mark, loader.field_name())
    return text


def _construct_int(loader: _MarkingLoader, node: yaml.ScalarNode) -> int:
    if isinstance(node, yaml.ScalarNode) and len(node.value) > LONGEST_NUMBER:
        raise yaml.constructor.ConstructorError(
            None,
            None,
            f"a number is more than {LONGEST_NUMBER} characters long; if it is meant as text, put it in quotes",
            node.start_mark,
        )
    return loader.construct_yaml_int(node)


def _readable(construct: Callable[[_MarkingLoader, Any], Any], what: str) -> Callable[[_MarkingLoader, Any], Any]:
    """A scalar constructor whose failures (``!!int abc``, ``0x_``, ``!!timestamp 2024-13-40``) are YAML errors."""

    def build(loader: _MarkingLoader, node: yaml.ScalarNode) -> Any:
        try:
            return construct(loader, node)
        except (ValueError, LookupError, AttributeError, OverflowError):
            text = str(node.value)
            shown = text if len(text) <= 40 else text[:37] + "..."
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"'{shown}' cannot be read as {what}; if it is meant as text, put it in quotes",
                node.start_mark,
            ) from None

    return build


_MarkingLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_MarkingLoader.add_constructor("tag:yaml.org,2002:seq", _construct_list)
_MarkingLoader.add_constructor("tag:yaml.org,2002:str", _construct_text)
_MarkingLoader.add_constructor("tag:yaml.org,2002:int", _readable(_construct_int, "a whole number"))
_MarkingLoader.add_constructor("tag:yaml.org,2002:float", _readable(_MarkingLoader.construct_yaml_float, "a number"))
_MarkingLoader.add_constructor("tag:yaml.org,2002:bool", _readable(_MarkingLoader.construct_yaml_bool, "true or false"))
# Only an explicit "!!timestamp" tag reaches this: plain dates stay text (below).
_MarkingLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", _readable(_MarkingLoader.construct_yaml_timestamp, "a date and time")
)
# Dates stay strings: we parse them ourselves to give a clear sentence for "2025-13-40".
_MarkingLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml_text(text: str, path: Path) -> tuple[Any, list[Problem]]:
    """Parse YAML text; return the document and any problems (never raises for bad input)."""
    try:
        return yaml.load(text, Loader=_MarkingLoader), []  # noqa: S506 - SafeLoader subclass
    except ControlCharacter as error:
        mark = error.problem_mark
        where = "in double-quoted text, look for an escape such as \\e, \\x1b or \\x9b."
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        return None, [Problem(path, control_chars.sentence(error.character, where), line, column, error.field)]
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        what = error.problem or "it could not be read"
        return None, [
            Problem(
                path,
                f"this is not valid YAML ({what}). Check the indentation and quotes near here.",
                line,
                column,
            )
        ]
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        column = error.position - (text.rfind("\n", 0, error.position) + 1) + 1
        return None, [
            Problem(
                path,
                f"the character U+{error.character:04X} is a special (non-printing) character, which YAML "
                "does not allow. Delete it, or retype the text around it.",
                line,
                column,
            )
        ]
    except yaml.YAMLError as error:
        return None, [Problem(path, f"this is not valid YAML ({error}).")]
    except RecursionError:
        return None, [Problem(path, "this YAML is nested too deeply to be kiosk content.")]


#: For a path whose symbolic links lead round in a circle.
LINK_LOOP = (
    "this path is a symbolic link that leads round in a loop (a link pointing, through others, back to "
    "itself), so there is nothing to read. Point the link at the real file or folder with 'ln -sfn'."
)


def read_yaml_file(path: Path) -> tuple[Any, list[Problem]]:
    """Read and parse a UTF-8 YAML file, turning every failure into a Problem."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, [Problem(path, "the file does not exist. Create it or point to the right folder.")]
    except OSError as error:
        if error.errno == errno.ELOOP:
            return None, [Problem(path, LINK_LOOP)]
        return None, [Problem(path, f"the file cannot be read ({error.strerror}).")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [
            Problem(
                path,
                f"the file is not UTF-8 text (byte {error.start} cannot be decoded). Save it as UTF-8 in your editor.",
                line,
            )
        ]
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        return None, [Problem(path, "the file holds NUL bytes, so it is not a YAML text file.", line)]
    return load_yaml_text(text, path)


T = TypeVar("T")

_ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class Fields:
    """Reads the fields of one YAML mapping into Python values, collecting problems.

    Every getter records a problem (with file, line, column and field) instead of raising,
    so a content editor sees every mistake in one run.
    """

    def __init__(self, data: Any, path: Path, where: str, problems: list[Problem], at: Mark | None = None):
        self.path = path
        self.where = where
        self.problems = problems
        self.ok = isinstance(data, MarkedMap)
        self.data: MarkedMap = data if isinstance(data, MarkedMap) else MarkedMap(at or Mark(0, 0))
        if not self.ok:
            mark = at or Mark(0, 0)
            self.problems.append(
                Problem(
                    path, f"expected a mapping of fields here, found {describe(data)}.", mark.line, mark.column, where
                )
            )

    def field_name(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def value_mark(self, key: str) -> Mark:
        return self.data.value_marks.get(key, self.data.mark)

    def problem(self, key: str, message: str, mark: Mark | None = None) -> None:
        mark = mark or self.value_mark(key)
        self.problems.append(Problem(self.path, message, mark.line, mark.column, self.field_name(key)))

    def reject_unknown(self, known: Iterator[str] | list[str] | tuple[str, ...]) -> None:
        allowed = set(known)
        for key in self.data:
            if key not in allowed:
                self.problem(
                    key,
                    f"'{key}' is not a known field here. Known fields: {', '.join(sorted(allowed))}.",
                    self.data.key_marks.get(key),
                )

    def _missing(self, key: str, expected: str) -> None:
        if self.ok:
            self.problem(key, f"the field '{key}' is missing; it should be {expected}.", self.data.mark)

    def string(self, key: str, *, required: bool = True, default: str = "") -> str:
        if key not in self.data or self.data[key] is None:
            if required:
                self._missing(key, "a piece of text")
            return default
        value = self.data[key]
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.problem(key, f"expected a piece of text, found {describe(value)}.")
            return default
        text = str(value).strip()
        if required and not text:
            self.problem(key, f"'{key}' is empty; write the text it should show.")
        return text

    def identifier(self, key: str) -> str:
        value = self.string(key)
        if value and not _ID_PATTERN.match(value):
            self.problem(key, f"'{value}' is not a valid id; use lower-case letters, digits and hyphens.")
        return value

    def integer(
        self,
        key: str,
        *,
        minimum: int | None = None,
        maximum: int | None = None,
        required: bool = True,
        default: int = 0,
    ) -> int:
        if key not in self.data:
            if required:
                self._missing(key, "a whole number")
            return default
        value = self.data[key]
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(key, f"expected a whole number, found {describe(value)}.")
            return default
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            self.problem(key, f"{value} is out of range; expected {minimum} to {maximum}.")
            return default
        return value

    def number(self, key: str, *, minimum: float, maximum: float, default: float) -> float:
        if key not in self.data:
            return default
        value = self.data[key]
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.problem(key, f"expected a number, found {describe(value)}.")
            return default
        if not minimum <= value <= maximum:
            self.problem(key, f"{value} is out of range; expected {minimum} to {maximum}.")
            return default
        return float(value)

    def boolean(self, key: str, *, required: bool = True, default: bool = False) -> bool:
        if key not in self.data:
            if required:
                self._missing(key, "true or false")
            return default
        value = self.data[key]
        if not isinstance(value, bool):
            self.problem(key, f"expected true or false, found {describe(value)}.")
            return default
        return value

    def date(self, key: str, *, required: bool = True) -> dt.date | None:
        raw = self.string(key, required=required)
        if not raw:
            return None
        try:
            return dt.date.fromisoformat(raw) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw) else _bad_date()
        except ValueError:
            self.problem(key, f"'{raw}' is not a real date; write it as YYYY-MM-DD, e.g. 2026-11-28.")
            return None

    def url(self, key: str, *, required: bool = True) -> str:
        value = self.string(key, required=required)
        if value and not re.fullmatch(r"https?://[^\s/$.?#][^\s]*", value):
            self.problem(key, f"'{value}' is not a web address; it should start with https://.")
        return value

    def choice(self, key: str, choices: tuple[str, ...], *, required: bool = True, default: str = "") -> str:
        value = self.string(key, required=required, default=default)
        if value and value not in choices:
            self.problem(key, f"'{value}' is not allowed here; choose one of: {', '.join(choices)}.")
            return default
        return value

    def items(self, key: str, *, required: bool = True) -> list[tuple[Any, Mark, str]]:
        """The items of a list field, each with its mark and its field path."""
        if key not in self.data or self.data[key] is None:
            if required:
                self._missing(key, "a list")
            return []
        value = self.data[key]
        if not isinstance(value, MarkedList):
            self.problem(key, f"expected a list (lines starting with '- '), found {describe(value)}.")
            return []
        return [
            (item, mark, f"{self.field_name(key)}[{index}]")
            for index, (item, mark) in enumerate(zip(value, value.item_marks, strict=True))
        ]

    def text_list(self, key: str, *, required: bool = True, minimum: int = 0, maximum: int = 1000) -> tuple[str, ...]:
        texts: list[str] = []
        items = self.items(key, required=required)
        for item, mark, where in items:
            if isinstance(item, bool) or not isinstance(item, str | int | float) or not str(item).strip():
                self.problems.append(
                    Problem(
                        self.path,
                        f"expected a non-empty piece of text, found {describe(item)}.",
                        mark.line,
                        mark.column,
                        where,
                    )
                )
                continue
            texts.append(str(item).strip())
        if (items or required) and not minimum <= len(items) <= maximum:
            self.problem(key, f"has {len(items)} items; expected between {minimum} and {maximum}.")
        return tuple(texts)

    def each(self, key: str, build: Callable[[Fields], T], *, required: bool = True) -> tuple[T, ...]:
        built: list[T] = []
        for item, mark, where in self.items(key, required=required):
            fields = Fields(item, self.path, where, self.problems, at=mark)
            if fields.ok:
                built.append(build(fields))
        return tuple(built)


def _bad_date() -> dt.date:
    raise ValueError


def describe(value: Any) -> str:
    """A value as a sentence names it: "nothing", "a list", "the text '...'"."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"'{str(value).lower()}' (true/false)"
    if isinstance(value, dict):
        return "a mapping of fields"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"the text '{value[:40]}'"
    return f"'{value}'"
