"""Every key the kiosk answers to, in one place: the bindings, the key bar, the help and the README.

One row of the key table is a ``KeyRow``: what it does (translatable, marked with ``N_``), the
keys on a keyboard and on a numeric keypad, the actions they run and where the row is shown. The
app's ``BINDINGS``, the key bar at the foot of each page, the help screen's table and the README's
table ("Using the kiosk") are all made from ``KEYMAP``; a test fails when the README's table is
not what ``python -m kiosk.ui.keymap --markdown`` prints.

Keypad keys reach the kiosk as Textual key names: the digits as "0".."9", then "slash",
"asterisk", "minus", "plus", "full_stop" and "enter" - the same names as the keys on a keyboard,
so every keypad key also works from a keyboard's digit row.

Scrolling by keypad: keypad 7 and 9 go to the previous and next sentence while a page is read
aloud (the page then follows the reading by itself) and scroll the page up and down a screen when
nothing is being read. Enter on the focused page text scrolls it down a screen, and back to the
top at its end, so a visitor with only Tab and Enter can reach every line too.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from typing import Literal

from textual.binding import Binding

from kiosk.core.i18n import N_

#: Where a row is listed: the help screen's table, the README's table. (The key bar of every page
#: shows the rows that have a ``bar_label``.)
Place = Literal["help", "readme"]
EVERYWHERE: frozenset[Place] = frozenset({"help", "readme"})


@dataclass(frozen=True)
class KeyAction:
    """One action and the keys that run it, on a keyboard and on a numeric keypad.

    ``action`` is an app action (``open_step(1)``); empty for keys Textual itself answers (Tab on
    every screen, Enter on a button, page keys on a scrolling page), which are documented only.
    """

    action: str
    keyboard: tuple[str, ...] = ()
    keypad: tuple[str, ...] = ()
    id: str = ""

    @property
    def keys(self) -> tuple[str, ...]:
        """Every Textual key name that runs the action, once each (keypad digits are digits too)."""
        return tuple(dict.fromkeys(self.keyboard + self.keypad))


@dataclass(frozen=True)
class KeyRow:
    """One line of the key table: one or two actions described together."""

    description: str
    actions: tuple[KeyAction, ...]
    #: The short label in the key bar (empty: not in the key bar).
    bar_label: str = ""
    places: frozenset[Place] = EVERYWHERE
    #: Labels for the keyboard and keypad columns when the keys alone would say it badly ("1-4").
    keyboard_label: str = ""
    keypad_label: str = ""


@dataclass(frozen=True)
class MenuItem:
    """One of the help screen's options: a button, and a keypad key while the help is open."""

    key: str
    label: str
    action: str


#: How each Textual key name is written for a person.
KEY_NAMES = {
    "escape": "Esc",
    "question_mark": "?",
    "slash": "/",
    "asterisk": "*",
    "full_stop": ".",
    "plus": "+",
    "minus": "-",
    "less_than_sign": "<",
    "greater_than_sign": ">",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "space": "Space",
    "enter": "Enter",
    "tab": "Tab",
    "shift+tab": "Shift+Tab",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "f12": "F12",
}

#: The help screen's menu: on a keypad, "/" then a digit runs one of these. Louder and quieter are
#: there too (keypad + and -, as on every page), so Tab and Enter alone can change the volume.
HELP_MENU: tuple[MenuItem, ...] = (
    MenuItem("1", N_("Print slip"), "print_slip"),
    MenuItem("2", N_("Hear the slip"), "hear_slip"),
    MenuItem("3", N_("Speech mode on or off"), "toggle_speech_mode"),
    MenuItem("4", N_("Speak slower"), "slower"),
    MenuItem("5", N_("Speak faster"), "faster"),
    MenuItem("6", N_("High contrast on or off"), "toggle_contrast"),
    MenuItem("7", N_("Contacts"), "open_contacts"),
    MenuItem("8", N_("Larger text"), "text_size(1)"),
    MenuItem("9", N_("Smaller text"), "text_size(-1)"),
    MenuItem("plus", N_("Louder"), "volume_up"),
    MenuItem("minus", N_("Quieter"), "volume_down"),
    MenuItem("asterisk", N_("QR codes"), "open_qr_codes"),
)

KEYMAP: tuple[KeyRow, ...] = (
    KeyRow(
        N_("Open step 1, 2, 3 or 4"),
        tuple(KeyAction(f"open_step({n})", (str(n),), (str(n),), f"step-{n}") for n in range(1, 5)),
        bar_label=N_("Steps"),
        keyboard_label="1-4",
        keypad_label="1-4",
    ),
    KeyRow(N_("Contacts"), (KeyAction("open_contacts", ("c",), id="contacts"),), bar_label=N_("Contacts")),
    KeyRow(
        N_("Read this page aloud, or stop reading"),
        (KeyAction("read_aloud", ("r",), ("5",), "read"),),
        bar_label=N_("Read aloud"),
    ),
    KeyRow(
        N_("Choose your language"),
        (KeyAction("choose_language", ("l",), ("asterisk",), "language"),),
        bar_label=N_("Language"),
    ),
    KeyRow(N_("Help"), (KeyAction("help", ("question_mark",), ("slash",), "help"),), bar_label=N_("Help")),
    KeyRow(N_("Back, or home"), (KeyAction("back", ("escape", "h"), ("0",), "back"),), bar_label=N_("Back")),
    KeyRow(N_("Pause or continue reading"), (KeyAction("pause_resume", ("space",), ("8",), "pause"),)),
    KeyRow(N_("Repeat the sentence"), (KeyAction("repeat_sentence", ("a",), ("6",), "repeat"),)),
    KeyRow(
        N_("Previous or next sentence while a page is read aloud; otherwise scroll the page up or down"),
        (
            KeyAction("previous_sentence_or_scroll_up", ("b",), ("7",), "previous-sentence"),
            KeyAction("next_sentence_or_scroll_down", ("n",), ("9",), "next-sentence"),
        ),
    ),
    KeyRow(
        N_("Louder or quieter"),
        (
            KeyAction("volume_up", ("plus",), ("plus",), "volume-up"),
            KeyAction("volume_down", ("minus",), ("minus",), "volume-down"),
        ),
    ),
    KeyRow(
        N_("Slower or faster speech"),
        (
            KeyAction("slower", ("less_than_sign",), id="slower"),
            KeyAction("faster", ("greater_than_sign",), id="faster"),
        ),
    ),
    KeyRow(N_("Print the contact details"), (KeyAction("print_slip", ("p",), id="print"),)),
    KeyRow(N_("Hear the slip"), (KeyAction("hear_slip", ("t",), id="hear-slip"),)),
    KeyRow(N_("Show the QR codes, one at a time"), (KeyAction("open_qr_codes", ("q",), id="qr-codes"),)),
    KeyRow(N_("Speech mode on or off"), (KeyAction("toggle_speech_mode", ("s",), ("full_stop",), "speech-mode"),)),
    KeyRow(N_("High contrast on or off"), (KeyAction("toggle_contrast", ("k",), id="contrast"),)),
    KeyRow(
        N_("Larger or smaller text"),
        (
            KeyAction("text_size(1)", ("right_square_bracket",), id="larger-text"),
            KeyAction("text_size(-1)", ("left_square_bracket",), id="smaller-text"),
        ),
    ),
    KeyRow(
        N_("Move between buttons"),
        (
            KeyAction("focus_previous", ("left", "up"), id="focus-previous"),
            KeyAction("focus_next", ("right", "down"), id="focus-next"),
        ),
        keyboard_label="Tab, Shift+Tab, arrows",
    ),
    KeyRow(
        N_("Press the button; on the page text, scroll down a screen"),
        (KeyAction("", ("enter",), ("enter",)),),
    ),
    KeyRow(N_("Scroll the page text up or down"), (KeyAction("", ("pageup",)), KeyAction("", ("pagedown",)))),
    # Staff only: not in the family's help, only in the README.
    KeyRow(
        N_("Staff mode (PIN), for staff only"),
        (KeyAction("staff", ("f12",), id="staff"),),
        places=frozenset({"readme"}),
    ),
)


def key_name(key: str) -> str:
    """A Textual key name as a person writes it ("escape" -> "Esc", "c" -> "C", "right" -> "→")."""
    arrows = {"left": "←", "right": "→", "up": "↑", "down": "↓"}
    return KEY_NAMES.get(key) or arrows.get(key) or key.upper()


def _menu_key(action: str) -> str | None:
    """The key that runs ``action`` in the help menu (asked only for actions with no keypad key of their own)."""
    for item in HELP_MENU:
        if item.action == action:
            return key_name(item.key)
    return None


def _keys(names: tuple[str, ...]) -> str:
    return " ".join(key_name(name) for name in names)


def keyboard_label(row: KeyRow) -> str:
    """The keyboard keys of a row: alternatives side by side, the two actions of a pair apart by "/"."""
    return row.keyboard_label or " / ".join(_keys(action.keyboard) for action in row.actions if action.keyboard)


def keypad_label(row: KeyRow, then: str = "then") -> str:
    """The keypad keys of a row; "/ then 7" for what only the help menu offers on a keypad."""
    if row.keypad_label:
        return row.keypad_label
    direct = [_keys(action.keypad) for action in row.actions if action.keypad]
    if direct:
        return " / ".join(direct)
    numbers = [number for action in row.actions if (number := _menu_key(action.action)) is not None]
    return f"/ {then} " + " / ".join(numbers) if numbers else ""


def bar_key(row: KeyRow) -> str:
    """The key shown in the key bar: the keypad key when there is one (it works on a keyboard too)."""
    return row.keypad_label or " / ".join(_keys(a.keypad) for a in row.actions if a.keypad) or keyboard_label(row)


def app_bindings() -> list[Binding]:
    """The app's BINDINGS, made from the key table (rows only documented are left to Textual)."""
    return [
        Binding(",".join(action.keys), action.action, row.description, show=False, id=action.id or None)
        for row in KEYMAP
        for action in row.actions
        if action.action
    ]


def bar_hints() -> list[tuple[str, str]]:
    """(key, untranslated label) for the key bar of every page, most useful first."""
    return [(bar_key(row), row.bar_label) for row in KEYMAP if row.bar_label]


def help_rows(place: Place = "help", then: str = "then") -> list[tuple[str, str, str]]:
    """(keyboard keys, keypad keys, untranslated description) for every row shown in ``place``."""
    return [(keyboard_label(row), keypad_label(row, then), row.description) for row in KEYMAP if place in row.places]


def help_screen_bindings() -> list[Binding]:
    """Keys while the help is open (a modal screen: the app's own keys do not reach it).

    1-9, + and - run the menu, 0 and Esc close; R reads the help aloud; S and keypad "." switch speech mode
    without closing the help; arrows move between the help's text and its buttons; Enter on the
    help's text scrolls it a screen down, and from its end back to the top.
    """
    menu = [Binding(item.key, f"run({item.action!r})", show=False) for item in HELP_MENU]
    return [
        Binding("escape,0", "close", show=False),
        *menu,
        Binding("r", "read_help", show=False),
        # Only when the help's text has the focus (a focused button takes Enter itself).
        Binding("enter", "scroll_help", show=False),
        Binding("s,full_stop", "app.toggle_speech_mode", show=False),
        Binding("left,up", "app.focus_previous", show=False),
        Binding("right,down", "app.focus_next", show=False),
    ]


#: The key bar while the help is open: only keys that work there.
HELP_BAR: tuple[tuple[str, str], ...] = (
    ("1-9", N_("Options")),
    ("0", N_("Close")),
    ("R", N_("Read aloud")),
    (".", N_("Speech mode")),
)


#: The key bar while the language picker is open.
PICKER_BAR: tuple[tuple[str, str], ...] = (
    ("8 / 2", N_("Move up or down")),
    ("5", N_("Choose")),
    ("0", N_("Close")),
)


def markdown_table() -> str:
    """The README's key table ("Using the kiosk"), in English."""
    lines = ["| Keyboard | Keypad | What it does |", "|---|---|---|"]
    for keyboard, keypad, description in help_rows("readme"):
        lines.append(f"| {_code(keyboard)} | {_code(keypad)} | {description} |")
    return "\n".join(lines) + "\n"


def _code(label: str) -> str:
    """Keys in backticks, the words between them ("then", "/") left plain."""
    if not label:
        return ""
    if label == "Tab, Shift+Tab, arrows":
        return "`Tab`, `Shift+Tab`, arrows"
    parts: list[str] = []
    for word in label.split(" "):
        parts.append(word if word in ("then", "/") and parts else f"`{word}`")
    return " ".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kiosk.ui.keymap", description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", action="store_true", help="print the README's key table")
    arguments = parser.parse_args(argv)
    if arguments.markdown:
        sys.stdout.write(markdown_table())
        return 0
    for keyboard, keypad, description in help_rows("readme"):
        sys.stdout.write(f"{keyboard:24} {keypad:14} {description}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
