"""The home page, the four step pages and the contacts page."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Button

from kiosk.core.pages import CONTACTS, HOME, Page, build_page, step_heading
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.text import visual
from kiosk.ui.widgets.block_view import BlockView
from kiosk.ui.widgets.nav_bar import NavAction
from kiosk.ui.widgets.page_view import PageView, detail_labels


class PageScreen(KioskScreen):
    """A screen whose body is a scrolling core Page."""

    def page(self) -> Page:
        return build_page(self.kiosk.content, self.tr, self.page_id)

    def compose_body(self) -> ComposeResult:
        yield PageView(self.page(), rtl=self.rtl, labels=detail_labels(self.tr))

    def on_mount(self) -> None:
        self.query_one(PageView).focus()


class HomeScreen(KioskScreen):
    """The kiosk's title, what it is, the four steps as large buttons, contacts and language."""

    page_id = HOME

    def compose_body(self) -> ComposeResult:
        tr = self.tr
        page = build_page(self.kiosk.content, tr, HOME)
        with VerticalScroll(id="page"):
            yield BlockView(page.block("lead"), rtl=self.rtl)
            for step in self.kiosk.content.steps:
                heading = step_heading(tr, step).text
                summary = tr.gettext(step.summary)
                label = Text(visual(heading, self.rtl), style="bold")
                label.append("\n" + visual(summary, self.rtl), style="not bold")
                yield Button(
                    label, id=f"step-{step.number}", classes="step-button", action=f"app.open_step({step.number})"
                )

    def on_mount(self) -> None:
        self.query_one("#step-1", Button).focus(scroll_visible=False)

    def spoken_view(self, block_key: str) -> Widget | None:
        # Step titles and summaries are read from the step buttons.
        if block_key.startswith("step."):
            step_id = block_key.split(".")[1]
            return self.query_one(f"#step-{self.kiosk.content.step(step_id).number}", Button)
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
            *self.common_actions(),
        ]
