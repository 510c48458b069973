"""The home page, the four step pages and the contacts page."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widget import Widget

from kiosk.core.content import Step
from kiosk.core.pages import CONTACTS, HOME, Block, Page, build_page, step_heading
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets.block_view import BlockView
from kiosk.ui.widgets.directional_button import DirectionalButton
from kiosk.ui.widgets.nav_bar import NavAction
from kiosk.ui.widgets.page_view import PageView, detail_labels


class PageScreen(KioskScreen):
    """A screen whose body is a scrolling core Page."""

    def page(self) -> Page:
        return build_page(self.kiosk.content, self.tr, self.page_id)

    def compose_body(self) -> ComposeResult:
        self.page_view = PageView(self.page(), rtl=self.rtl, labels=detail_labels(self.tr))
        yield self.page_view

    async def show_body_language(self) -> None:
        await self.page_view.show_page(self.page(), rtl=self.rtl, labels=detail_labels(self.tr))

    def spoken_view(self, block_key: str) -> Widget | None:
        return self.page_view.block_view(block_key)

    def on_mount(self) -> None:
        self.page_view.focus()


class HomeScreen(KioskScreen):
    """The kiosk's title, what it is, the four steps as large buttons, contacts and language."""

    page_id = HOME
    #: Focus the first step straight away: focusing the page first would lay the screen out twice.
    AUTO_FOCUS = "#step-1"
    #: Below this many rows the step buttons lose their top border and the lead its gap (the
    #: "-compact" class in kiosk.tcss), so all four steps fit on an 80x24 screen in every language,
    #: review notice and all. Above it there is room for the roomier look.
    COMPACT_BELOW_ROWS = 32

    def compose_body(self) -> ComposeResult:
        # Set before the first frame, so it is laid out once, the right way.
        self.set_class(self.app.size.height < self.COMPACT_BELOW_ROWS, "-compact")
        self.lead_view = BlockView(self.lead_block(), rtl=self.rtl)
        self.step_buttons = {
            step.id: DirectionalButton(
                self.step_label(step),
                rtl=self.rtl,
                id=f"step-{step.number}",
                classes="step-button",
                action=f"app.open_step({step.number})",
            )
            for step in self.kiosk.content.steps
        }
        with VerticalScroll(id="page"):
            yield self.lead_view
            yield from self.step_buttons.values()

    def lead_block(self) -> Block:
        return build_page(self.kiosk.content, self.tr, HOME).block("lead")

    def step_label(self, step: Step) -> Content:
        """The step's heading (bold) over its summary, in logical order: the button wraps and orders them."""
        heading = step_heading(self.tr, step).text
        summary = self.tr.gettext(step.summary)
        return Content.assemble((heading, "bold"), "\n", (summary, "not bold"))

    async def show_body_language(self) -> None:
        self.lead_view.show(self.lead_block(), rtl=self.rtl)
        for step in self.kiosk.content.steps:
            button = self.step_buttons[step.id]
            button.label = self.step_label(step)
            button.rtl = self.rtl
            button.remove_class("-spoken")  # as on every block: the next sentence read marks again

    def on_mount(self) -> None:
        self.step_buttons[self.kiosk.content.steps[0].id].focus(scroll_visible=False)

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.height < self.COMPACT_BELOW_ROWS, "-compact")

    def spoken_view(self, block_key: str) -> Widget | None:
        # Step titles and summaries are read from the step buttons.
        if block_key.startswith("step."):
            step_id = block_key.split(".")[1]
            return self.step_buttons[step_id]
        return super().spoken_view(block_key)

    def nav_actions(self) -> list[NavAction]:
        tr = self.tr
        return [self.button("contacts", tr.gettext("Contacts"), "app.open_contacts"), *self.common_actions()]


class StepScreen(PageScreen):
    """One of the four steps: title, "In short", sections, who can help, review dates."""

    def __init__(self, step_id: str) -> None:
        super().__init__(name=step_id)
        self.page_id = step_id

    def nav_actions(self) -> list[NavAction]:
        tr = self.tr
        number = self.kiosk.content.step(self.page_id).number
        last = len(self.kiosk.content.steps)
        return [
            self.button("home", tr.gettext("Home"), "app.go_home"),
            self.button("previous", tr.gettext("Previous step"), f"app.open_step({number - 1})", disabled=number <= 1),
            self.button("next", tr.gettext("Next step"), f"app.open_step({number + 1})", disabled=number >= last),
            self.button("contacts", tr.gettext("Contacts"), "app.open_contacts"),
            self.button("print", tr.gettext("Print slip"), "app.print_slip"),
            self.button("hear-slip", tr.gettext("Hear the slip"), "app.hear_slip"),
            self.button("qr-codes", tr.gettext("QR codes"), "screen.open_qr_codes"),
            *self.common_actions(),
        ]


class ContactsScreen(PageScreen):
    """Every organisation, grouped by purpose, with verified details only."""

    page_id = CONTACTS

    def nav_actions(self) -> list[NavAction]:
        tr = self.tr
        return [
            self.button("home", tr.gettext("Home"), "app.go_home"),
            self.button("print", tr.gettext("Print slip"), "app.print_slip"),
            self.button("hear-slip", tr.gettext("Hear the slip"), "app.hear_slip"),
            self.button("qr-codes", tr.gettext("QR codes"), "screen.open_qr_codes"),
            *self.common_actions(),
        ]
