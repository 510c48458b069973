"""The announcement model without Textual or sound: what a new announcement may cut off."""

from __future__ import annotations

from kiosk.core.announcements import DIALOG, FOCUS, HINT, MESSAGE, PAGE, READING, plan
from kiosk.core.idle import countdown_to_say
from kiosk.core.reading import Utterance


def said(text: str, kind: str, lang: str = "en") -> Utterance:
    return Utterance(text, lang, kind=kind)


TITLE = said("Step 3: Disagreement resolution and mediation", PAGE)
PAGE_HINT = said("Press R to hear this page.", HINT)
PAGE_FOCUS = said("The page text. Use the arrow keys to scroll, or press R to hear it.", FOCUS)


def test_a_focus_change_waits_for_the_page_name_and_replaces_its_hint() -> None:
    # The defect: "Step 3: ..." replaced 10 ms later by "The page text...".
    new = plan(TITLE, [PAGE_HINT], [PAGE_FOCUS])
    assert new.keep_current, "the page's name is heard to its end"
    assert new.queue == (PAGE_FOCUS,)


def test_a_focus_change_cuts_a_hint_and_an_older_focus_being_said() -> None:
    assert not plan(PAGE_HINT, [], [PAGE_FOCUS]).keep_current
    polski, polish = said("Polski", FOCUS, "pl"), said("Polish", FOCUS)
    romana = said("Română", FOCUS, "ro")
    new = plan(polski, [polish], [romana])
    assert not new.keep_current and new.queue == (romana,)


def test_a_dialog_name_is_heard_before_the_highlighted_option() -> None:
    dialog = said("Choose your language.", DIALOG)
    how = said("Use the arrow keys, or 8 and 2 on the keypad, then press Enter.", DIALOG)
    english = said("English", FOCUS)
    new = plan(dialog, [how], [english])
    assert new.keep_current and new.queue == (how, english)


def test_a_new_page_replaces_what_was_said_about_the_old_one_but_not_a_message() -> None:
    printing = said("Your slip is printing.", MESSAGE)
    home = said("Home.", PAGE)
    new = plan(TITLE, [PAGE_HINT, printing], [home])
    assert not new.keep_current
    assert new.queue == (printing, home)
    assert plan(printing, [], [home]).keep_current, "a message is never cut off by a page"


def test_messages_queue_and_are_not_repeated_while_waiting() -> None:
    louder = said("Louder.", MESSAGE)
    taken = said("Please take your slip.", MESSAGE)
    new = plan(louder, [], [taken])
    assert new.keep_current and new.queue == (taken,)
    again = plan(louder, [taken], [taken])
    assert again.keep_current and again.queue == (taken,)
    assert plan(TITLE, [], [taken]).keep_current, "a message waits for a page's name too"


def test_a_countdown_says_only_its_latest_number() -> None:
    twenty = Utterance("20 seconds left.", "en", "idle-countdown", MESSAGE)
    ten = Utterance("10 seconds left.", "en", "idle-countdown", MESSAGE)
    warning = said("Are you still there?", DIALOG)
    new = plan(warning, [twenty], [ten])
    assert new.keep_current and new.queue == (ten,)


def test_an_announcement_interrupts_a_reading_which_goes_on_from_the_cut_sentence() -> None:
    first, second = said("In short.", READING), said("Mediation is free.", READING)
    message = said("High contrast is on.", MESSAGE)
    new = plan(first, [second], [message])
    assert not new.keep_current
    assert new.queue == (message, first, second)
    assert new.pause_at is None


def test_a_paused_reading_stays_paused_after_an_announcement() -> None:
    first, second = said("In short.", READING), said("Mediation is free.", READING)
    focus = said("Continue. Button.", FOCUS)
    new = plan(first, [second], [focus], paused=True)
    assert new.queue == (focus, first, second)
    assert new.pause_at == 1, "speech pauses again where the reading was paused"


def test_a_new_page_or_a_new_reading_ends_the_reading() -> None:
    first, second = said("In short.", READING), said("Mediation is free.", READING)
    new = plan(first, [second], [said("Home.", PAGE)])
    assert new.queue == (said("Home.", PAGE),)
    reading = [said("Who can help", READING)]
    assert plan(said("Louder.", MESSAGE), [PAGE_HINT], reading) == plan(TITLE, [], reading)
    assert plan(TITLE, [], reading).queue == tuple(reading)


def test_nothing_new_keeps_everything() -> None:
    assert plan(TITLE, [PAGE_HINT], []).queue == (PAGE_HINT,)
    assert plan(None, [], [TITLE]).queue == (TITLE,)


def test_the_idle_countdown_is_said_once_at_each_mark_even_when_a_poll_is_late() -> None:
    assert countdown_to_say(30, 29) is None
    assert countdown_to_say(21, 20) == 20
    assert countdown_to_say(20, 19) is None, "said once"
    assert countdown_to_say(12, 9) == 10, "a late poll does not skip the mark"
    assert countdown_to_say(6, 5) == 5
    assert countdown_to_say(11, 4) == 5
