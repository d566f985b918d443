"""Who commits, to what, and under which key and title: extraction beyond the date."""

from __future__ import annotations

from datetime import date

import pytest

from ledger.model import MAX_TITLE
from ledger.reading.extract import commitment_title, extract_commitments, read_sentence

DAY = date(2025, 3, 3)


def one(sentence: str, published: date = DAY):
    candidate = read_sentence(sentence, published)
    assert candidate is not None, sentence
    return candidate


@pytest.mark.parametrize(
    "sentence",
    [
        "Tokayev appointed Deputy Prime Minister Roman Sklyar to lead the project.",
        (
            "Air Force Lieutenant Colonel Eileen Collins will be named commander of the Space Shuttle Columbia "
            "for a mission in December."
        ),
        "The board appointed Maria Lopes as chief executive from June 1.",
    ],
)
def test_appointments_are_not_commitments(sentence: str) -> None:
    assert read_sentence(sentence, DAY) is None


def test_called_upon_is_a_directive() -> None:
    c = one("The summit called upon member states to ratify the treaty by the end of the year.")
    assert c.kind == "commitment"
    assert c.deadline is not None and c.deadline.latest == date(2025, 12, 31)


def test_an_imperative_instruction_is_a_commitment() -> None:
    c = one("Submit proposals on the new tariff rules by June 1.")
    assert c.kind in ("commitment", "report")  # proposals to deliver: a report is a commitment too
    assert c.deadline is not None and c.deadline.earliest == date(2025, 6, 1)


def test_a_dated_present_progressive_looks_forward() -> None:
    c = one("Northwind Robotics is reopening its Leeds plant in September.")
    assert c.deadline is not None and (c.deadline.earliest, c.deadline.latest) == (date(2025, 9, 1), date(2025, 9, 30))
    assert c.actor == "Northwind Robotics"


def test_an_undated_present_progressive_is_not_a_candidate() -> None:
    assert read_sentence("Analysts are reporting record demand.", DAY) is None


def test_the_reporting_frame_is_not_the_actor() -> None:
    c = one("According to the agency, Tejo Terminals will hire 120 crane drivers by May.")
    assert c.actor == "Tejo Terminals"
    assert not c.title.lower().startswith("according")


def test_the_subject_of_a_future_passive_is_not_the_actor() -> None:
    found = extract_commitments(
        "The ministry pledged to reform the port rules by June. A working group will be set up by April.", DAY
    )
    group = next(c for c in found if "working group" in c.sentence)
    assert group.actor == "the ministry"  # borrowed from the commitment before it, not "working group"


def test_coordinated_names_act_together() -> None:
    c = one("Poland, Hungary and the Czech Republic are scheduled to become full members of NATO in April.")
    assert c.actor == "Poland, Hungary and the Czech Republic"


def test_a_time_phrase_opening_the_sentence_is_not_a_name() -> None:
    c = one("On Tuesday, the National Rivers Authority plans to publish the flood maps.", date(2025, 3, 3))
    assert c.actor == "National Rivers Authority"


def test_the_title_is_the_commitment_without_its_frame() -> None:
    c = one("The operator, Tejo Terminals, said it would hire 120 additional crane drivers within ten weeks.")
    assert c.title == "Tejo Terminals would hire 120 additional crane drivers within ten weeks" or c.title.startswith(
        "The operator"
    )
    c = one("Qantas will almost double its flights between Australia and India by August, the airline said.")
    assert c.title == "Qantas will almost double its flights between Australia and India by August"


def test_the_title_drops_an_appositive_between_actor_and_verb() -> None:
    c = one(
        "Sony Columbia Acquisition Corp., formed for the Columbia deal, will formally take ownership of the movie "
        "studio later this month, a spokesman said."
    )
    assert c.title == (
        "Sony Columbia Acquisition Corp. will formally take ownership of the movie studio later this month"
    )


def test_the_key_is_made_from_the_commitment_not_the_first_words() -> None:
    c = one("The two sides also pledged that Qantas will double its flights to India by August.")
    assert c.key.startswith("qantas-double-flights")
    c = one("Putin ordered the government to draft a law on data centres by June 1.")
    assert c.key.startswith("putin-") and "draft" in c.key


def test_long_titles_end_at_a_clause_boundary_and_are_never_cut() -> None:
    clause = "The ministry will publish the rules for every port by June"
    tail = ", which " + " ".join(["the operators have asked for since the strike of the dockers"] * 6)
    title = commitment_title(clause + tail + ".")
    assert title == clause
    long_one = "The ministry will publish " + ", ".join(f"rule {n} for port number {n}" for n in range(60)) + "."
    title = commitment_title(long_one)
    assert len(title) <= MAX_TITLE and "…" not in title
    assert long_one.startswith(title)  # whole clauses from the start, nothing invented


def test_a_span_counted_from_an_event_the_text_dates() -> None:
    text = (
        "The deal is expected to complete in March 2026. "
        "Regulators said Acme must sell the Ohio plant within 24 months of completing the deal."
    )
    sale = next(c for c in extract_commitments(text, date(2025, 11, 3)) if "Ohio" in c.sentence)
    assert sale.deadline is not None
    assert sale.deadline.latest == date(2028, 3, 31)  # 24 months after March 2026, not after publication
    assert "counted from the completing" in sale.deadline.rule


def test_a_span_counted_from_an_undated_event_is_not_read_from_publication() -> None:
    text = "Regulators said Acme must sell the Ohio plant within 24 months of closing the deal."
    sale = extract_commitments(text, date(2025, 11, 3))[0]
    assert sale.deadline is None  # not 2027-11-03: the closing day is not known


def test_on_or_before_keeps_its_whole_date() -> None:
    c = one("The company must file its response on or before December 9, 2019.", date(2019, 10, 1))
    assert c.deadline is not None and c.deadline.latest == date(2019, 12, 9)


def test_being_asked_to_act_by_a_date_is_a_commitment_of_the_one_asked() -> None:
    c = one("The Environment Agency was asked to publish revised flood maps by the end of April.")
    assert c.kind in ("commitment", "report")
    assert c.actor.lower() in ("the environment agency", "environment agency")
    assert c.deadline is not None and c.deadline.latest == date(2025, 4, 30)


def test_a_title_always_fits_an_item() -> None:
    run_on = "The ministry will publish " + " ".join(f"rule {n} for port number {n}" for n in range(80)) + "."
    title = commitment_title(run_on)
    assert 0 < len(title) <= MAX_TITLE and "…" not in title
    assert run_on.startswith(title)
