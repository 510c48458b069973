"""Print layout of the take-home slip: a PDF with embedded fonts, shaped text and QR codes.

Two papers: ``a4`` (an office printer) and ``roll80`` (an 80 mm receipt printer; the page is
exactly as long as the slip). Text is shaped with HarfBuzz (Arabic letters joined, right to
left). Phone numbers, emails, web addresses and postal addresses are printed on lines of their
own, always left to right, so a right-to-left paragraph can never split or reorder them.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import cast

from fpdf import FPDF
from fpdf.enums import WrapMode

from kiosk.core.config import PAPERS
from kiosk.core.fonts import ARABIC, CHINESE, LATIN, FontFamily, families_for, script_of
from kiosk.core.i18n import Localized, language
from kiosk.core.qr import qr_modules, qr_png
from kiosk.core.slip import Slip, SlipContact, SlipDetail, SlipError

#: Characters that need a script's own font (Latin and Cyrillic need none: DejaVu Sans has them).
_SCRIPTS = {
    ARABIC: re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]"),
    CHINESE: re.compile("[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]"),
}
#: Millimetres per typographic point.
PT_MM = 25.4 / 72
#: Line height as a multiple of the font size: generous, for readers with dyslexia (1.35 still
#: leaves clear space between lines, and lets a step's slip fit one A4 page).
LINE_SPACING = 1.35
#: Arabic text is set this much larger than Latin text of the same role.
ARABIC_SCALE = 1.15
#: A printed QR module smaller than this is hard for phone cameras and receipt printers.
MIN_QR_MODULE_MM = 0.5


@dataclass(frozen=True)
class PaperLayout:
    """Sizes of one paper layout; lengths in millimetres, font sizes in points."""

    width: float
    #: None: the page is as long as its content (a receipt roll).
    height: float | None
    margin: float
    title_pt: float
    heading_pt: float
    body_pt: float
    value_pt: float
    small_pt: float
    qr_mm: float
    #: True: each QR code stands beside its contact; False: below it, centred.
    qr_beside: bool
    #: Width of the column of detail labels ("Phone") beside their values; 0: each label above its value.
    label_mm: float = 0


LAYOUTS = {
    "a4": PaperLayout(
        210,
        297,
        10,
        title_pt=18,
        heading_pt=14,
        body_pt=11,
        value_pt=12.5,
        small_pt=9,
        qr_mm=30,
        qr_beside=True,
        label_mm=26,
    ),
    "roll80": PaperLayout(
        80, None, 4, title_pt=13, heading_pt=11.5, body_pt=9.5, value_pt=11, small_pt=8, qr_mm=36, qr_beside=False
    ),
}
#: A roll slip is first laid out on a page this long, then cut to its content.
_ROLL_MAX_MM = 5000.0
_GAP_FACTOR = 0.5


def _direction(lang: str, literal: bool) -> str | None:
    """Base direction of a paragraph: literals are left to right; a text in a right-to-left
    language is right to left; anything else (English standing in, mixed lines) follows its
    first strong character, as the Unicode bidi algorithm does by default."""
    if literal:
        return "ltr"
    return "rtl" if language(lang).rtl else None


def _address_lines(address: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """An email or web address cut into lines no wider than ``width``, after "/", ".", "-" or "@"
    where possible, so each piece still reads as part of an address."""
    pieces = re.findall(r"[^/.@-]*[/.@-]*", address)
    lines = [""]
    for piece in filter(None, pieces):
        if measure(lines[-1] + piece) <= width or not lines[-1]:
            lines[-1] += piece
        else:
            lines.append(piece)
    return lines


def _line_mm(size_pt: float) -> float:
    return size_pt * PT_MM * LINE_SPACING


class _SlipWriter:
    """Lays out one slip on an FPDF document; every step can measure without drawing.

    Measuring uses the same calls as drawing (``multi_cell(dry_run=True)``), so the measured
    height of a block is the height it will take, which page breaks and the roll length rely on.
    """

    def __init__(self, pdf: FPDF, slip: Slip, layout: PaperLayout, families: dict[str, FontFamily]) -> None:
        self.pdf = pdf
        self.slip = slip
        self.layout = layout
        self.families = families
        self.drawing = False
        self.start_align = "R" if slip.rtl else "L"

    # -- primitives: each returns the height it takes and draws only when self.drawing ---------

    def _script(self, text: str, literal: bool) -> str:
        """The script whose font sets a text: an English sentence standing in for a missing
        translation may still carry an Arabic or Chinese date."""
        if literal:
            return LATIN
        script = next((name for name, pattern in _SCRIPTS.items() if pattern.search(text)), LATIN)
        return script if script in self.families else LATIN

    def text(
        self,
        text: str,
        lang: str,
        size: float,
        *,
        bold: bool = False,
        literal: bool = False,
        x: float | None = None,
        width: float = 0,
    ) -> float:
        """One paragraph. Literal text (numbers, addresses) is set left to right; a web or email
        address wider than the line breaks after a "/", "." or "@", never inside a phone number."""
        if not text:
            return 0.0
        pdf = self.pdf
        script = self._script(text, literal)
        if script == ARABIC:
            # Arabic letters are small for their point size: enlarge them to read as easily as Latin.
            size *= ARABIC_SCALE
        pdf.set_font(self.families[script].name, "B" if bold else "", size)
        pdf.set_text_shaping(True, direction=_direction(lang, literal))
        width = width or pdf.epw
        x = pdf.l_margin if x is None else x
        wrapmode = WrapMode.WORD
        if literal and " " not in text:
            text = "\n".join(_address_lines(text, width, pdf.get_string_width))
            wrapmode = WrapMode.CHAR
        elif not literal and script_of(lang) == CHINESE:
            # Chinese has no spaces between words: a line may break between any two characters.
            wrapmode = WrapMode.CHAR
        line = _line_mm(size)
        if not self.drawing:
            height = pdf.multi_cell(
                width, line, text, align=self.start_align, wrapmode=wrapmode, dry_run=True, output="HEIGHT"
            )
            return cast(float, height)
        pdf.set_x(x)
        top = pdf.y
        pdf.multi_cell(width, line, text, align=self.start_align, wrapmode=wrapmode, new_x="LMARGIN", new_y="NEXT")
        return pdf.y - top

    def localized(
        self, text: Localized, size: float, *, bold: bool = False, x: float | None = None, width: float = 0
    ) -> float:
        return self.text(text.text, text.lang, size, bold=bold, x=x, width=width)

    def gap(self, size_pt: float, factor: float = _GAP_FACTOR) -> float:
        height = _line_mm(size_pt) * factor
        if self.drawing:
            self.pdf.set_y(self.pdf.y + height)
        return height

    def rule(self) -> float:
        """A thin line across the text width, between contacts."""
        height = 2.0
        if self.drawing:
            y = self.pdf.y + height / 2
            self.pdf.set_draw_color(160, 160, 160)
            self.pdf.set_line_width(0.2)
            self.pdf.line(self.pdf.l_margin, y, self.pdf.w - self.pdf.r_margin, y)
            self.pdf.set_y(self.pdf.y + height)
        return height

    def qr(self, contact: SlipContact, x: float, y: float) -> float:
        size = self.layout.qr_mm
        if self.drawing:
            png = io.BytesIO(qr_png(contact.website, scale=4))
            alt = contact.qr_alt.text if contact.qr_alt else contact.website
            self.pdf.image(png, x=x, y=y, w=size, h=size, alt_text=alt)
        return size

    # -- blocks ---------------------------------------------------------------------------

    def header(self) -> float:
        layout, slip = self.layout, self.slip
        height = self.localized(slip.title, layout.title_pt, bold=True)
        height += self.gap(layout.body_pt)
        height += self.localized(slip.steps_heading, layout.heading_pt, bold=True)
        for step in slip.steps:
            line = f"{step.heading.text} – {step.summary.text}"
            # A step's line is a reminder of the whole journey, a point smaller than the contacts.
            height += self.text(line, step.heading.lang, layout.body_pt - 1)
            height += self.gap(layout.small_pt, 0.3)
        height += self.gap(layout.body_pt)
        height += self.localized(slip.contacts_heading, layout.heading_pt, bold=True)
        return height

    def group_title(self, title: Localized) -> float:
        return self.gap(self.layout.body_pt) + self.localized(title, self.layout.body_pt + 1, bold=True)

    def _detail_value(self, detail: SlipDetail, x: float, width: float) -> float:
        layout = self.layout
        if detail.literal:
            return self.text(detail.value.text, detail.value.lang, layout.value_pt, literal=True, x=x, width=width)
        return self.localized(detail.value, layout.body_pt, x=x, width=width)

    def _detail(self, detail: SlipDetail, x: float, width: float) -> float:
        layout = self.layout
        if not layout.label_mm:
            return self.localized(detail.label, layout.small_pt, x=x, width=width) + self._detail_value(
                detail, x, width
            )
        # The label in a narrow column beside its value (mirrored right to left): one line saved per
        # detail, which is what lets a step's slip fit one A4 page. Each stays a paragraph of its own,
        # so a right-to-left label can never reorder the number beside it.
        label_width = layout.label_mm
        value_width = width - label_width - 2
        label_x = x + width - label_width if self.slip.rtl else x
        value_x = x if self.slip.rtl else x + label_width + 2
        top = self.pdf.y
        label = self.localized(detail.label, layout.small_pt, x=label_x, width=label_width)
        if self.drawing:
            self.pdf.set_y(top)
        value = self._detail_value(detail, value_x, value_width)
        height = max(label, value)
        if self.drawing:
            self.pdf.set_y(top + height)
        return height

    def contact(self, contact: SlipContact) -> float:
        """A contact: name, what it helps with, verified details, the reception notice and the QR code."""
        layout, pdf = self.layout, self.pdf
        beside = layout.qr_beside and bool(contact.website)
        column = pdf.epw - (layout.qr_mm + 4 if beside else 0)
        # Right-to-left slips mirror the layout: text on the right, the QR code on the left.
        x = pdf.l_margin + (pdf.epw - column if self.slip.rtl else 0)
        height = self.rule()
        text_top = pdf.y
        text = self.text(contact.name, self.slip.lang, layout.body_pt + 1, bold=True, literal=True, x=x, width=column)
        text += self.localized(contact.helps_with, layout.body_pt, x=x, width=column)
        for detail in contact.details:
            text += self._detail(detail, x, column)
        if contact.ask_at_reception is not None:
            text += self.localized(contact.ask_at_reception, layout.body_pt, bold=True, x=x, width=column)
        if not contact.website:
            return height + text
        if beside:
            qr_x = pdf.l_margin if self.slip.rtl else pdf.w - pdf.r_margin - layout.qr_mm
            qr_height = self.qr(contact, qr_x, text_top)
            if self.drawing:
                pdf.set_y(max(pdf.y, text_top + qr_height))
            return height + max(text, qr_height)
        qr_top = text_top + text + 1
        qr_height = self.qr(contact, pdf.l_margin + (pdf.epw - layout.qr_mm) / 2, qr_top)
        if self.drawing:
            pdf.set_y(qr_top + qr_height)
        return height + text + 1 + qr_height

    def footer(self) -> float:
        layout = self.layout
        height = self.rule()
        height += self.localized(self.slip.printed_on, layout.small_pt)
        height += self.localized(self.slip.privacy, layout.small_pt)
        return height

    def blocks(self) -> list[Callable[[], float]]:
        """The slip as blocks that are never split across pages, in print order."""
        blocks: list[Callable[[], float]] = [self.header]
        for group in self.slip.groups:
            for index, contact in enumerate(group.contacts):
                if index == 0 and group.title is not None:
                    # A group's title stays on the page of its first contact.
                    blocks.append(partial(self.titled_contact, group.title, contact))
                else:
                    blocks.append(partial(self.contact, contact))
        blocks.append(self.footer)
        return blocks

    def titled_contact(self, title: Localized, contact: SlipContact) -> float:
        return self.group_title(title) + self.contact(contact)


def _new_document(slip: Slip, layout: PaperLayout, families: dict[str, FontFamily]) -> FPDF:
    height = layout.height or _ROLL_MAX_MM
    pdf = FPDF(unit="mm", format=(layout.width, height))
    pdf.set_margins(layout.margin, layout.margin, layout.margin)
    pdf.set_auto_page_break(layout.height is not None, margin=layout.margin)
    pdf.c_margin = 0
    for family in families.values():
        pdf.add_font(family.name, "", family.regular.path, collection_font_number=family.regular.collection_index())
        pdf.add_font(family.name, "B", family.bold.path, collection_font_number=family.bold.collection_index())
    # Any glyph the slip's own font lacks (a Latin name in an Arabic slip) comes from the others.
    names = [family.name for family in families.values()]
    pdf.set_fallback_fonts(names[1:] + names[:1])
    pdf.set_title(slip.title.text)
    pdf.set_lang(slip.lang.replace("_", "-"))
    pdf.set_creator("SEND kiosk")
    pdf.set_text_color(0, 0, 0)
    return pdf


def _check_qr_sizes(slip: Slip, layout: PaperLayout) -> None:
    for url in slip.websites():
        module = layout.qr_mm / qr_modules(url)
        if module < MIN_QR_MODULE_MM:
            raise SlipError(
                f"The web address {url} is too long for a readable QR code on this paper; shorten it in contacts.yaml."
            )


@dataclass(frozen=True)
class SlipDocument:
    """A rendered slip: the PDF and the size of its pages."""

    pdf: bytes
    paper: str
    pages: int
    page_width_mm: float
    page_height_mm: float

    @property
    def media(self) -> str:
        """The CUPS ``media`` option a roll slip needs so the printer neither scales nor cuts it short;
        empty for sheet paper, which prints on the printer's own paper size."""
        if LAYOUTS[self.paper].height is not None:
            return ""
        return f"Custom.{self.page_width_mm:.0f}x{self.page_height_mm:.2f}mm"


def render_slip(slip: Slip, paper: str = "a4") -> SlipDocument:
    """The slip as a PDF on ``paper`` (``a4`` or ``roll80``).

    Raises FontMissingError (naming the Debian package) when a needed font is not installed,
    and SlipError for a paper the kiosk does not know.
    """
    if paper not in LAYOUTS:
        raise SlipError(f"'{paper}' is not a paper the kiosk knows; choose one of: {', '.join(PAPERS)}.")
    # fpdf2 reports a missing glyph through logging; without this, Python would print it on the
    # terminal, over the kiosk's screen. With a handler configured by the app, it goes there.
    logging.getLogger("fpdf").addHandler(logging.NullHandler())
    layout = LAYOUTS[paper]
    _check_qr_sizes(slip, layout)
    families = families_for(slip.lang)
    pdf = _new_document(slip, layout, families)
    pdf.add_page()
    writer = _SlipWriter(pdf, slip, layout, families)
    blocks = writer.blocks()
    if layout.height is None:
        _draw_roll(writer, blocks)
    else:
        _draw_pages(writer, blocks)
    data = bytes(pdf.output())
    last = pdf.pages[pdf.page]
    width_pt, height_pt = last.dimensions()
    return SlipDocument(data, paper, pdf.page, width_pt * PT_MM, height_pt * PT_MM)


def _draw_pages(writer: _SlipWriter, blocks: list[Callable[[], float]]) -> None:
    pdf = writer.pdf
    for block in blocks:
        writer.drawing = False
        height = block()
        if pdf.y + height > pdf.page_break_trigger and pdf.y > pdf.t_margin + 1:
            pdf.add_page()
        writer.drawing = True
        block()


def _draw_roll(writer: _SlipWriter, blocks: list[Callable[[], float]]) -> None:
    """Draw a receipt exactly as long as its content.

    fpdf2 turns a position into PDF coordinates (measured from the page's bottom) when it draws.
    So the slip is measured first, drawn at the bottom of the long page, and the page is then cut
    to the content's length: the content lands at the top of the shorter page.
    """
    pdf = writer.pdf
    writer.drawing = False
    content = sum(block() for block in blocks)
    length = content + pdf.t_margin + pdf.b_margin
    pdf.set_y(pdf.t_margin + (pdf.h - length))
    writer.drawing = True
    for block in blocks:
        block()
    page = pdf.pages[pdf.page]
    page.set_dimensions(pdf.w * pdf.k, length * pdf.k)


def write_slip_pdf(slip: Slip, path: Path, paper: str = "a4") -> SlipDocument:
    """Render the slip and write it to ``path``; raise SlipError with a sentence if it cannot be written."""
    document = render_slip(slip, paper)
    try:
        path.write_bytes(document.pdf)
    except OSError as error:
        raise SlipError(f"The slip could not be written to {path}: {error.strerror or error}.") from error
    return document
