"""A scrolling page made of BlockViews, built from a core ``Page``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widget import Widget

from kiosk.core.i18n import Localized, Translator
from kiosk.core.pages import DETAIL, QR, Block, Page, detail_label
from kiosk.ui.widgets.block_view import BlockView
from kiosk.ui.widgets.qr_view import SHOW_HINT, QRView


class PageView(VerticalScroll, can_focus=True):
    """The body of a step or contacts page. Arrow keys, page keys, wheel and drag scroll it.

    Enter scrolls it down a screen, and from its end back to the top: with only Tab and Enter,
    a visitor still reaches every line (the contacts and QR codes at the foot of a page).
    """

    DEFAULT_CSS = """
    PageView { height: 1fr; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "scroll_down_or_top", show=False)]

    def __init__(self, page: Page, *, rtl: bool, labels: dict[str, Localized], id: str = "page") -> None:
        super().__init__(id=id)
        self.page = page
        self.rtl = rtl
        self.labels = labels
        #: The widget of each block, by block key, in page order.
        self.views: dict[str, BlockView | QRView] = {}

    def compose_blocks(self, blocks: Iterable[Block]) -> list[Widget]:
        views: list[Widget] = []
        blocks = list(blocks)
        for position, block in enumerate(blocks):
            if block.kind == QR:
                views.append(QRView(block, rtl=self.rtl, hint=self._qr_hint()))
                continue
            view = BlockView(block, label=self._label(block), rtl=self.rtl)
            following = blocks[position + 1].kind if position + 1 < len(blocks) else ""
            # Lists sit tight; the last item of a list keeps the gap before what follows.
            view.set_class(following != block.kind, "-last")
            views.append(view)
        return views

    def _qr_hint(self) -> str:
        hint = self.labels.get(QR_HINT)
        return hint.text if hint is not None else ""

    def _label(self, block: Block) -> Localized | None:
        return self.labels.get(block.detail_kind) if block.kind == DETAIL else None

    def compose(self):
        views = self.compose_blocks(self.page.blocks)
        self.views = {view.block.key: view for view in views if isinstance(view, BlockView | QRView)}
        yield from views

    async def show_page(self, page: Page, *, rtl: bool, labels: dict[str, Localized]) -> None:
        """Show the same page in another language, in the widgets already there.

        A page keeps its blocks across languages (same keys, same kinds), so each widget only takes
        its new text; the page keeps its scroll position, and the widget with focus keeps it.
        """
        self.page, self.rtl, self.labels = page, rtl, labels
        shape = [(block.key, block.kind) for block in page.blocks]
        if shape != [(view.block.key, view.block.kind) for view in self.views.values()]:
            # Not the same blocks (the content changed under the kiosk): build them anew.
            await self.remove_children()
            views = self.compose_blocks(page.blocks)
            self.views = {view.block.key: view for view in views if isinstance(view, BlockView | QRView)}
            await self.mount_all(views)
            return
        for block, view in zip(page.blocks, self.views.values(), strict=True):
            if isinstance(view, QRView):
                view.show(block, rtl=rtl, hint=self._qr_hint())
            else:
                view.show(block, label=self._label(block), rtl=rtl)

    def action_scroll_down_or_top(self) -> None:
        scroll_down_or_top(self)

    def block_view(self, key: str) -> BlockView | QRView | None:
        return self.views.get(key)


def scroll_down_or_top(body: Widget) -> None:
    """Down a screen; from the end, back to the top (Enter on a page text or the help's text)."""
    if body.scroll_y >= body.max_scroll_y:
        body.scroll_home(animate=False)
    else:
        body.scroll_page_down(animate=False)


#: The key of the QR blocks' hint among a page's labels.
QR_HINT = "qr-hint"


def detail_labels(tr: Translator) -> dict[str, Localized]:
    """Translated labels for every kind of contact detail, and the hint under each QR code."""
    labels = {kind: detail_label(tr, kind) for kind in ("phone", "email", "website", "address", "hours")}
    labels[QR_HINT] = tr.localized(SHOW_HINT)
    return labels
