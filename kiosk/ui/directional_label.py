"""Text drawn in its reading direction, wrapped to the width it is given: one path for every widget.

Textual and Rich know nothing of right-to-left text. Reordering a whole paragraph for display
and then letting Textual wrap it puts the end of the sentence on the first line ("الورقة" above
"طباعة" for a wrapped "طباعة الورقة"). So the text is kept in logical order and only at the
moment it is drawn, at the width it is drawn at, is it wrapped in logical order and then shaped
and reordered line by line (``kiosk.core.textlayout.wrap_lines``).

Chinese text takes the same path: Textual's wrapper sees a run of Chinese characters as one long
word, so a bullet followed by a sentence stood alone on its line while the sentence was folded
onto the next ones. The kiosk's wrapper breaks between Chinese characters (never after an
opening bracket or before a full stop) and so keeps the bullet with its first characters.

Any other left-to-right text is drawn by Textual's own ``Content`` as before (it is faster).

A ``DirectionalLabel`` is a Textual ``Visual``: a ``Static`` can show it, a ``Button`` can return
it from ``render``, and the widget's height is measured from the same wrapped lines it draws.
Right-to-left text starts at the right: the widget's ``text-align`` is mirrored (``left`` becomes
``right``; ``center`` stays centred).
"""

from __future__ import annotations

import dataclasses
from typing import Any, cast

from textual.content import Content, Span
from textual.css.types import TextAlign
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

from kiosk.core.wide import has_wide

#: A text-align as it reads in a right-to-left language.
_MIRRORED_ALIGN: dict[str, TextAlign] = {"left": "right", "start": "right", "right": "left", "end": "left"}


def wraps_itself(text: str, rtl: bool) -> bool:
    """True when the kiosk must wrap ``text`` itself: right-to-left, or holding wide (Chinese) characters."""
    return rtl or has_wide(text)


class _MirroredRules:
    """A widget's style rules with ``text-align`` seen from the right."""

    def __init__(self, rules: Any) -> None:
        self._rules = rules

    def get(self, name: str, default: Any = None) -> Any:
        value = self._rules.get(name, default)
        if name == "text_align":
            return _MIRRORED_ALIGN.get(value or "left", value)
        return value


class DirectionalLabel(Visual):
    """Logical text (a ``Content``, styles kept) drawn wrapped, shaped and reordered for its direction."""

    def __init__(self, content: Content | str, *, rtl: bool = False) -> None:
        self.content = content if isinstance(content, Content) else Content(content)
        self.rtl = rtl
        self._own_wrapping = wraps_itself(self.content.plain, rtl)
        #: The display content last built and the width it was built for.
        self._display: tuple[int, Content] | None = None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, DirectionalLabel):
            return NotImplemented
        return (self.content.plain, self.content.spans, self.rtl) == (
            other.content.plain,
            other.content.spans,
            other.rtl,
        )

    def __hash__(self) -> int:
        return hash((self.content.plain, self.rtl))

    def __str__(self) -> str:
        return self.content.plain  # as Content: the logical text

    @property
    def plain(self) -> str:
        """The logical text (what speech reads)."""
        return self.content.plain

    def display_lines(self, width: int) -> list[str]:
        """The lines as drawn in a space ``width`` cells wide (before any alignment)."""
        if not self._own_wrapping:
            return [line.plain for line in self.content.wrap(max(1, width))]
        return self.display_content(width).plain.split("\n")

    def display_content(self, width: int) -> Content:
        """The text wrapped to ``width`` cells, each line in display order, styles kept."""
        width = max(1, width)
        if self._display is not None and self._display[0] == width:
            return self._display[1]
        # Imported here: only right-to-left and Chinese text need the kiosk's wrapper (and its patterns).
        from kiosk.core.textlayout import wrap_lines

        lines: list[Content] = []
        start = 0
        for paragraph_text in self.content.plain.split("\n"):
            end = start + len(paragraph_text)
            paragraph = self.content[start:end]
            whole = [span for span in paragraph.spans if span.start <= 0 and span.end >= len(paragraph_text)]
            cursor = 0
            for line in wrap_lines(paragraph_text, width, rtl=self.rtl):
                found = -1 if self.rtl else paragraph_text.find(line, cursor)
                if found >= 0:
                    # A left-to-right line is a piece of the paragraph: every style on it is kept
                    # (the sentence being read aloud, say).
                    lines.append(paragraph[found : found + len(line)])
                    cursor = found + len(line)
                else:
                    # Reordered characters: only styles on the whole paragraph still apply.
                    lines.append(Content(line, spans=[Span(0, len(line), span.style) for span in whole]))
            start = end + 1
        display = Content("\n").join(lines)
        self._display = (width, display)
        return display

    # --- the Visual protocol ---------------------------------------------------------------------

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        if not self._own_wrapping:
            return self.content.render_strips(width, height, style, options)
        line_pad = options.rules.get("line_pad", 0) * 2
        display = self.display_content(width - line_pad)
        if self.rtl:
            options = dataclasses.replace(options, rules=cast(Any, _MirroredRules(options.rules)))
        return display.render_strips(width, height, style, options)

    def get_optimal_width(self, rules: Any, container_width: int) -> int:
        return self.content.get_optimal_width(rules, container_width)

    def get_minimal_width(self, rules: Any) -> int:
        return self.content.get_minimal_width(rules)

    def get_height(self, rules: Any, width: int) -> int:
        if not self._own_wrapping:
            return self.content.get_height(rules, width)
        from kiosk.core.textlayout import wrap_lines

        # Counted from the (cached) wrapped lines: the styled display lines are built only to draw.
        width = max(1, width - rules.get("line_pad", 0) * 2)
        return sum(len(wrap_lines(paragraph, width, rtl=self.rtl)) for paragraph in self.content.plain.split("\n"))
