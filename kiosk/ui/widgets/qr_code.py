"""A QR code drawn in the terminal so that a phone camera can read it from the screen."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from kiosk.core.qr import qr_lines

#: Fixed colours, never theme variables: a theme that inverted the code would make it unscannable.
#: Every other attribute is set off explicitly, so nothing a parent's style adds (the reverse that
#: marks a spoken block, bold, underline) can reach the modules.
QR_STYLE = Style(
    color="#000000",
    bgcolor="#ffffff",
    reverse=False,
    bold=False,
    dim=False,
    italic=False,
    underline=False,
    strike=False,
    blink=False,
)


class QRCode(Widget):
    """One code, quiet zone included, each module one cell across and half a cell down (times ``scale``)."""

    DEFAULT_CSS = """
    QRCode { width: auto; height: auto; text-style: none; }
    """

    def __init__(self, url: str = "", *, scale: int = 1, id: str | None = None) -> None:
        super().__init__(id=id)
        self.url = url
        self.scale = scale
        self.lines = qr_lines(url, scale=scale) if url else []

    def show(self, url: str, scale: int = 1) -> None:
        """Draw another code (or the same one larger or smaller)."""
        if (url, scale) != (self.url, self.scale):
            self.url, self.scale = url, scale
            self.lines = qr_lines(url, scale=scale) if url else []
            self.refresh(layout=True)

    def get_content_width(self, container, viewport) -> int:
        return len(self.lines[0]) if self.lines else 0

    def get_content_height(self, container, viewport, width: int) -> int:
        return len(self.lines)

    def render(self) -> Text:
        return Text("\n".join(self.lines), style=QR_STYLE, no_wrap=True, overflow="crop", end="")
