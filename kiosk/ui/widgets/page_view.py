"""A scrolling page made of BlockViews, built from a core ``Page``."""

from __future__ import annotations

from collections.abc import Iterable

from textual.containers import VerticalScroll
from textual.widget import Widget

from kiosk.core.i18n import Localized
from kiosk.core.pages import DETAIL, QR, Block, Page, detail_label
from kiosk.ui.widgets.block_view import BlockView
from kiosk.ui.widgets.qr_view import QRView


class PageView(VerticalScroll, can_focus=True):
    """The body of a step or contacts page. Arrow keys, page keys, wheel and drag scroll it."""

    DEFAULT_CSS = """
    PageView { height: 1fr; }
    """

    def __init__(self, page: Page, *, rtl: bool, labels: dict[str, Localized], id: str = "page") -> None:
        super().__init__(id=id)
        self.page = page
        self.rtl = rtl
        self.labels = labels

    def compose_blocks(self, blocks: Iterable[Block]) -> list[Widget]:
        views: list[Widget] = []
        blocks = list(blocks)
        for position, block in enumerate(blocks):
            if block.kind == QR:
                views.append(QRView(block, rtl=self.rtl))
                continue
            label = self.labels.get(block.detail_kind) if block.kind == DETAIL else None
            view = BlockView(block, label=label, rtl=self.rtl)
            following = blocks[position + 1].kind if position + 1 < len(blocks) else ""
            # Lists sit tight; the last item of a list keeps the gap before what follows.
            view.set_class(following != block.kind, "-last")
            views.append(view)
        return views

    def compose(self):
        yield from self.compose_blocks(self.page.blocks)

    def block_view(self, key: str) -> BlockView | QRView | None:
        for view in self.query("BlockView, QRView"):
            if isinstance(view, BlockView | QRView) and view.block.key == key:
                return view
        return None


def detail_labels(tr) -> dict[str, Localized]:
    """Translated labels for every kind of contact detail."""
    return {kind: detail_label(tr, kind) for kind in ("phone", "email", "website", "address", "hours")}
