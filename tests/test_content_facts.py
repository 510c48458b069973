"""The guide says what the law says: one test per corrected fact (P1-P10 of the review in
/work/shared/research/content-corrections.md), each testing the RULE over every step, not one
sentence - so a fact reworded wrongly anywhere, or added wrongly in a new place, fails.

Also: what families were missing (the early warning in step 1, young people 16 to 25, terms
explained where a step first uses them), the reading level, and the weak contact details.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest

from kiosk.core.content import Content, Paragraph, Step
from kiosk.core.source_age import SOMERSET_COUNCIL_FORMED

from .readability import measure, sentences, words


def blocks(step: Step, *, headings: bool = True) -> Iterator[str]:
    """Every piece of text a family reads on a step, in page order (one bullet or paragraph each)."""
    yield from step.in_short
    for section in step.sections:
        if headings:
            yield section.heading
        for block in section.body:
            yield from (block.text,) if isinstance(block, Paragraph) else block.items


def all_sentences(content: Content) -> Iterator[tuple[str, str]]:
    """(step id, sentence) for every sentence of every step."""
    for step in content.steps:
        for block in blocks(step):
            for sentence in sentences(block):
                yield step.id, sentence


def step_text(content: Content, step_id: str) -> str:
    return " ".join(blocks(content.step(step_id)))


def has(pattern: str, text: str) -> bool:
    return re.search(pattern, text, re.IGNORECASE) is not None


# --- P1: mediation is the family's choice; only disagreement resolution needs everyone's agreement --


def test_p1_only_disagreement_resolution_needs_everyones_agreement(content: Content) -> None:
    for step in content.steps:
        for block in blocks(step):
            for sentence in sentences(block):
                if has(r"\b(everyone|all sides|both sides|every side)\b.*\bagree", sentence):
                    # The agreement rule belongs to disagreement resolution, said in the same block.
                    assert has(r"disagreement resolution", block), f"{step.id}: {block!r}"
                    assert not has(r"^mediation\b|\bmediation is\b", sentence), f"{step.id}: {sentence!r}"
                if has(r"\bmediation\b", sentence) and not has(r"disagreement resolution", sentence):
                    assert not has(r"\b(voluntary|everyone|all sides)\b", sentence), f"{step.id}: {sentence!r}"


def test_p1_mediation_is_the_familys_choice_and_the_council_must_take_part(content: Content) -> None:
    mediation = step_text(content, "mediation")
    assert has(r"mediation is your choice", mediation)
    assert has(r"council must take part", mediation)
    assert has(r"cannot say no|cannot refuse", mediation)
    assert has(r"must set (it|mediation) up within 30 days", mediation)


# --- P2: the Christmas and August rule -------------------------------------------------------------


def test_p2_a_christmas_last_day_moves_past_1_january_never_before(content: Content) -> None:
    christmas = [(s, x) for s, x in all_sentences(content) if has(r"25 December|1 January", x)]
    assert christmas, "the Christmas rule is missing"
    for step_id, sentence in christmas:
        assert has(r"after 1 January", sentence), f"{step_id}: {sentence!r}"
        assert not has(r"next working day|2[6-9] December|3[01] December", sentence), f"{step_id}: {sentence!r}"


def test_p2_an_august_last_day_moves_past_31_august(content: Content) -> None:
    august = [(s, x) for s, x in all_sentences(content) if has(r"August", x)]
    assert august, "the August rule is missing"
    for step_id, sentence in august:
        assert has(r"after 31 August", sentence), f"{step_id}: {sentence!r}"


def test_p2_the_rule_does_not_move_the_mediation_adviser_time_limit(content: Content) -> None:
    assert any(has(r"\bnot move\b.*mediation adviser", sentence) for _, sentence in all_sentences(content)), (
        "the guide must say the Christmas and August rule does not move the mediation adviser's 2 months"
    )


# --- P3: the tribunal must RECEIVE the appeal by the later date -------------------------------------


def test_p3_the_appeal_must_be_received_and_sent_early(content: Content) -> None:
    for step_id, sentence in all_sentences(content):
        # A deadline for the appeal itself is about when the tribunal receives it.
        if has(r"\b(appeal by|must appeal|appeal within)\b", sentence) and not has(r"\breceive\b", sentence):
            pytest.fail(f"{step_id}: {sentence!r} does not say the tribunal must receive the appeal")
    for step_id in ("mediation", "still-not-happy"):
        assert has(r"tribunal must receive your appeal", step_text(content, step_id)), step_id
    assert has(r"send (your appeal|it) early", step_text(content, "mediation"))
    assert has(r"whichever of these two dates is later", step_text(content, "mediation"))


# --- P4: what can be appealed, and the separate discrimination claim --------------------------------


@pytest.mark.parametrize(
    "decision",
    [
        r"no to an EHC needs assessment",  # refusal to assess
        r"no to making an EHC plan",  # refusal to issue a plan
        r"plan you disagree with",  # its contents
        r"school or placement you disagree with",  # the named school
        r"not to change a plan after a review",
        r"stop a plan",
    ],
)
def test_p4_every_appealable_decision_is_listed(content: Content, decision: str) -> None:
    assert has(decision, step_text(content, "mediation")), decision


def test_p4_disability_discrimination_claim_has_its_6_months(content: Content) -> None:
    claims = [x for _, x in all_sentences(content) if has(r"discrimination", x)]
    assert claims, "the disability discrimination claim is missing"
    step4 = step_text(content, "still-not-happy")
    assert has(r"discrimination[^.]*tribunal\.[^.]*within 6 months", step4)


# --- P5: late appeals -------------------------------------------------------------------------------


@pytest.mark.parametrize("step_id", ["mediation", "still-not-happy"])
def test_p5_a_late_appeal_can_still_be_sent(content: Content, step_id: str) -> None:
    text = step_text(content, step_id)
    assert has(r"missed the time limit", text) and has(r"accept it late", text), step_id
    assert has(r"tribunal decides", text), step_id


# --- P6: recommendations must be answered in writing within 5 weeks ---------------------------------


def test_p6_health_and_social_care_recommendations_get_a_written_reply_in_5_weeks(content: Content) -> None:
    for step_id, sentence in all_sentences(content):
        assert not has(r"do not have to be followed|suggestions", sentence), f"{step_id}: {sentence!r}"
    step4 = step_text(content, "still-not-happy")
    assert has(r"recommendations about health and social care", step4)
    assert has(r"must reply in writing within 5 weeks", step4)
    assert has(r"why it will not", step4)


# --- P7: what the LGSCO can and cannot look at -------------------------------------------------------


def test_p7_lgsco_usually_but_not_always_leaves_tribunal_matters_and_never_school_internals(
    content: Content,
) -> None:
    for step_id, sentence in all_sentences(content):
        if has(r"\b(it|LGSCO)\b[^.]*does not look at[^.]*Tribunal", sentence):
            assert has(r"usually", sentence), f"{step_id}: {sentence!r} - the LGSCO can choose to look"
    step4 = step_text(content, "still-not-happy")
    assert has(r"it can choose to", step4)
    assert has(r"cannot look at most complaints about what happens inside a school", step4)
    for step_id in ("make-a-complaint", "still-not-happy"):
        assert has(r"governors.*Department for Education", step_text(content, step_id)), step_id


# --- P8: one wording for the 2 months: from the date the council SENT its decision -------------------


def test_p8_the_2_months_always_run_from_when_the_decision_was_sent(content: Content) -> None:
    mentions = 0
    for step in content.steps:
        for block in blocks(step):
            assert not has(r"date of (the|your) (decision )?letter|date of the decision", block), block
            if has(r"\b2 months\b|\b2-month\b", block):
                mentions += 1
                assert has(r"\bsent\b", block), f"{step.id}: {block!r} does not say the 2 months run from 'sent'"
    assert mentions >= 4  # steps 1, 3 (twice or more) and 4 all give the limit


# --- P9: who arranges mediation, and the certificate ------------------------------------------------


def test_p9_the_icb_arranges_mediation_about_health_care_only(content: Content) -> None:
    mediation = step_text(content, "mediation")
    assert has(r"only about health care\?[^.]*\bICB sets up the mediation", mediation)
    assert has(r"after mediation, the mediator gives you a certificate within 3 working days", mediation)


def test_p9_the_certificate_is_said_to_be_a_letter_that_lets_you_appeal(content: Content) -> None:
    for step_id in ("mediation", "still-not-happy"):
        assert has(r"mediation certificate[^.]*\.?[^.]*letter that lets you appeal", step_text(content, step_id))


# --- P10: Ofsted and early years providers -----------------------------------------------------------


def test_p10_ofsted_whole_school_rule_is_for_schools_and_early_years_complaints_are_taken(
    content: Content,
) -> None:
    for step_id, sentence in all_sentences(content):
        if has(r"Ofsted[^.]*only", sentence):
            assert has(r"^for schools", sentence), f"{step_id}: {sentence!r} - not true for nurseries"
    assert has(r"nurseries and childminders[^.]*Ofsted[^.]*registration", step_text(content, "still-not-happy"))


# --- What families were missing -----------------------------------------------------------------------


def test_step_1_warns_at_once_that_talking_does_not_stop_the_clock(content: Content) -> None:
    step = content.step("talk-to-the-service")
    warning = [i for i, item in enumerate(step.in_short) if has(r"does not stop", item)]
    assert warning and warning[0] <= 2, step.in_short  # among the first three points of "In short"
    item = step.in_short[warning[0]]
    assert has(r"talking or complaining", item) and has(r"2 months", item) and has(r"step 3", item)


def test_step_2_says_complaining_does_not_stop_the_clock(content: Content) -> None:
    assert any(
        has(r"complaining does not stop", item) and has(r"step 3", item)
        for item in content.step("make-a-complaint").in_short
    )


@pytest.mark.parametrize("step_id", ["talk-to-the-service", "make-a-complaint", "mediation"])
def test_young_people_16_to_25_are_told_the_rights_are_their_own(content: Content, step_id: str) -> None:
    text = step_text(content, step_id)
    assert has(r"16 to 25", text) and has(r"\byourself\b", text), step_id


def test_the_child_is_not_judged_when_saying_no_plan_is_needed(content: Content) -> None:
    for step_id, sentence in all_sentences(content):
        if has(r"does not need (to have )?an EHC plan", sentence):
            assert has(r"does not need to have an EHC plan to use mediation", sentence), f"{step_id}: {sentence!r}"


#: term: (how it is found, what its first use on a step must also say to explain it)
TERMS: dict[str, tuple[str, str]] = {
    "ICB": (r"\bICB\b", r"Integrated Care Board\)? is the local NHS body"),
    "mediation adviser": (r"mediation adviser", r"names a mediation adviser|contact this person|letter names"),
    "mediation certificate": (r"mediation certificate|\bcertificate\b", r"letter that lets you appeal"),
    "working day": (r"working days?\b", r"Monday to Friday"),
    "appeal": (r"\bappeal", r"asking the SEND Tribunal to change"),
    "placement": (r"\bplacement\b", r"placement is the school, college or other place"),
    "EHC needs assessment": (r"EHC needs assessment", r"council looks closely at a child's needs"),
    "SENDIAS": (r"SENDIAS", r"free (information, )?advice|Information, Advice and Support"),
    "IPSEA": (r"IPSEA", r"free legal advice"),
    "disagreement resolution": (r"disagreement resolution", r"everyone involved (must )?agrees?"),
    "EHC plan": (r"EHC plan", r"Education, Health and Care plan|sets out the needs"),
}


@pytest.mark.parametrize("term", list(TERMS))
def test_every_term_is_explained_where_a_step_first_uses_it(content: Content, term: str) -> None:
    """A family may open any step first, so each step explains a term at its own first use."""
    found, explained = TERMS[term]
    for step in content.steps:
        # Headings name a subject; the explanation is due in the first sentence-bearing text.
        first = next((block for block in blocks(step, headings=False) if has(found, block)), None)
        if first is not None:
            assert has(explained, first), f"step {step.number}: '{term}' first used without explaining it: {first!r}"


# --- Reading level -----------------------------------------------------------------------------------


@pytest.mark.parametrize("number", [1, 2, 3, 4])
def test_each_step_reads_at_about_grade_4_to_5_with_no_sentence_over_25_words(content: Content, number: int) -> None:
    step = next(step for step in content.steps if step.number == number)
    reading = measure([step.title, step.summary, *blocks(step)])
    assert reading.grade <= 6.0, f"step {number} reads at grade {reading.grade:.1f}"
    assert len(words(reading.longest)) <= 25, f"step {number}: {reading.longest!r}"


# --- Contacts: no detail shown without a current page that states it ----------------------------------


def test_every_shown_detail_cites_a_dated_page_from_somerset_councils_time(content: Content) -> None:
    for contact in content.contacts:
        for detail in contact.shown_details():
            page = content.source_page(detail.source)
            assert page is not None, f"{contact.id} {detail.kind}: no dated source"
            assert page.page_date >= SOMERSET_COUNCIL_FORMED, f"{contact.id} {detail.kind}: {page.describe_date()}"
            assert "secondary" not in page.title.lower(), f"{contact.id} {detail.kind} rests on a secondary source"


@pytest.mark.parametrize(
    ("contact_id", "kind"),
    [
        ("global-mediation", "phone"),  # only source: Torbay, August 2023 (over 24 months old)
        ("global-mediation", "email"),  # may differ by region
        ("somerset-parent-carer-forum", "phone"),  # 2020 page only
        ("somerset-parent-carer-forum", "email"),
        ("phso", "hours"),  # not on the cited page
        ("send-tribunal", "email"),  # secondary source
        ("somerset-council", "phone"),  # nothing ties it to SEND complaints
        ("lgsco", "address"),  # no page named that holds it
    ],
)
def test_weak_contact_details_are_not_shown_and_say_why(content: Content, contact_id: str, kind: str) -> None:
    detail = next(d for d in content.contact(contact_id).details if d.kind == kind)
    assert not detail.shown_to_families
    assert len(detail.note.split()) >= 8, detail.note


def test_no_detail_cites_a_page_known_not_to_hold_it(content: Content) -> None:
    misattributed = {
        ("lgsco", "address"): "derbyshire.gov.uk",
        ("phso", "hours"): "talking-more",
        ("contact", "phone"): "contact.org.uk",
        ("somerset-council", "phone"): "docslib.org",
    }
    for (contact_id, kind), page in misattributed.items():
        detail = next(d for d in content.contact(contact_id).details if d.kind == kind)
        assert page not in detail.source, f"{contact_id} {kind} still cites {detail.source}"


def test_the_seed_page_and_its_review_date_are_recorded(content: Content) -> None:
    seed = content.seed_page
    assert seed is not None
    assert seed.url.endswith("/having-your-voice-heard/disagreement-resolution-and-mediation")
    assert (seed.last_updated, seed.next_review) == (dt.date(2024, 11, 13), dt.date(2025, 5, 13))
    page = content.source_page(seed.url)
    assert page is not None and page.published == seed.last_updated
