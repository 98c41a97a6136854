"""No card gives its answer away (issue 14.5), and questions read as English (14.7):
the generator's side, checked on the built-in decks and on small decks made to tempt it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from studykit.authoring.giveaways import GiveawayChecker
from studykit.content.cards import Card
from studykit.content.generate import GenerateOptions, generate_cards
from studykit.content.loader import load_decks
from studykit.maps.atlas import Atlas
from studykit.models import Deck


@pytest.fixture(scope="module")
def decks() -> list[Deck]:
    return [loaded.deck for loaded in load_decks([])]


@pytest.fixture(scope="module")
def cards(decks: list[Deck]) -> list[Card]:
    return generate_cards(decks, options=GenerateOptions(include_unverified=True))


def card(cards: list[Card], card_id: str) -> Card:
    return next(c for c in cards if c.id == card_id)


def test_no_built_in_card_gives_its_answer_away(decks: list[Deck], cards: list[Card]) -> None:
    checker = GiveawayChecker(decks)
    found = [(c.id, finding) for c in cards for finding in checker.findings(c)]
    assert found == []


def test_the_checker_finds_what_the_generator_used_to_make(decks: list[Deck]) -> None:
    """The cards of before this check (kept in the test as their JSON would be)."""
    checker = GiveawayChecker(decks)
    pinyin = Card(
        "d/f/chinese-english", "d", "f", "chinese-english", "typed",
        "额中线 é zhōng xiàn (International Standard): what is it called in English?",
        "MS1 Middle line of forehead", answers=("Middle line of forehead", "Ezhongxian", "額中"),
    )  # fmt: skip
    assert len(list(checker.findings(pinyin))) == 2
    hint = Card(
        "d/f/division:x", "d", "f", "division:x", "cloze",
        "The middle 2/5 of MS6 (upper limb) treats [...].", "…",
        answers=("paralysis of the upper limb",),
    )  # fmt: skip
    assert len(list(checker.findings(hint))) == 1
    other_kind = Card(
        "d/f/location-zone", "d", "f", "location-zone", "choice",
        "Which Jiao zone is this? 1.5 cm in front of the motor area.", "Vasomotor area",
        answers=("Vasomotor area",),
        choices=("Vasomotor area", "Eyebrow–occipital line", "Vision area", "Stomach area"),
    )  # fmt: skip
    assert any("Eyebrow–occipital line" in f for f in checker.findings(other_kind))


def test_typed_cards_accept_no_text_of_their_question(cards: list[Card]) -> None:
    named = card(cards, "scalp-standard-lines/ms1/chinese-english")
    assert "é zhōng xiàn" in named.front
    assert named.answers == ("Middle line of forehead", "MS1")  # not Ezhongxian, not 額中


def test_a_division_cloze_hides_the_body_part_with_the_indications(cards: list[Card]) -> None:
    middle = card(cards, "jiao-scalp-areas/sensory/division:middle-2-5")
    assert middle.front == ("The middle 2/5 of the Sensory area ([...]) treats [...].")
    assert "upper limb" in middle.back
    assert (middle.cloze or "").count("{{c1::") == 2


def test_an_echoing_answer_makes_a_basic_card_that_asks_without_options(
    cards: list[Card],
) -> None:
    tremor = card(cards, "jiao-scalp-areas/chorea-tremor/indication-zone:tremor")
    assert (tremor.kind, tremor.choices) == ("basic", ())
    assert tremor.front == "For tremor, which Jiao area do you needle?"
    hypertension = card(cards, "jiao-scalp-areas/vasomotor/indication-zone:hypertension")
    assert hypertension.kind == "choice"
    assert hypertension.front == "For hypertension, which of the Jiao areas do you needle?"


def test_options_are_zones_of_the_answers_system_and_kind(cards: list[Card]) -> None:
    lines = card(cards, "jiao-scalp-areas/ap-midline/location-zone")
    assert set(lines.choices) == {"Anterior–posterior midline", "Eyebrow–occipital line"}
    forehead = card(cards, "scalp-standard-lines/ms2/location-zone")
    assert all(o.endswith("of forehead") for o in forehead.choices)  # same region first


def test_option_maps_share_the_answers_view(decks: list[Deck], cards: list[Card]) -> None:
    atlas = Atlas(decks)
    asked = [c for c in cards if c.figure_choices]
    assert len(asked) > 15
    for question in asked:
        assert len({atlas.best_view([ref]) for ref in question.figure_choices}) == 1, question.id


def test_question_maps_draw_no_divisions(decks: list[Deck]) -> None:
    """MS6 has fifths; drawn on its map alone, they would single it out among options."""
    atlas = Atlas(decks)
    question = atlas.svg(["scalp-standard-lines:ms6"], labels=False)
    answer = atlas.svg(["scalp-standard-lines:ms6"], labels=True)
    division = re.compile(r'class="zone t\d"')
    assert division.search(answer)
    assert "1/5" in answer
    assert not division.search(question)
    assert "1/5" not in question


def test_questions_name_no_system_that_is_none(cards: list[Card]) -> None:
    fronts = [c.front for c in cards]
    assert not [f for f in fronts if "Other" in f]
    assert "Where is the Mental–emotional area?" in fronts


def test_questions_agree_in_number(cards: list[Card]) -> None:
    fronts = {c.id: c.front for c in cards}
    assert fronts["ynsa/basic-h-i/location"] == "Where are Basic points H and I (YNSA)?"
    assert fronts["ynsa/basic-a/location"] == "Where is Basic point A (YNSA)?"
    chorea = fronts["jiao-scalp-areas/chorea-tremor/location"]
    assert chorea == "Where is the Chorea-tremor control area (Jiao)?"
    single = fronts["conditions/jiao-scalp-areas:mental-emotional/zone-conditions"]
    assert single == "Which condition is the Mental–emotional area used for?"
    assert fronts["conditions/motor-aphasia/zones:jiao"] == (
        "Motor aphasia: which Jiao area treats it?"
    )
    assert fronts["conditions/stroke-hemiplegia/zones:jiao"] == (
        "Hemiplegia after stroke: which Jiao areas treat it?"
    )


def test_no_card_lists_a_source_twice(cards: list[Card]) -> None:
    for one in cards:
        keys = re.findall(r"(?:^|; )\[([^\]]+)\]", one.source)
        assert len(keys) == len(set(keys)), one.id


def test_a_dispute_names_each_sides_sources_by_key(cards: list[Card]) -> None:
    dispute = card(cards, "jiao-scalp-areas/jiao-scalp-acupuncture/dispute:year")
    assert "• 1971 — [S9, S10, S21, S23]" in dispute.back
    assert "<http" not in dispute.back  # the citations are on the source line, once


def test_a_typed_card_whose_every_answer_is_shown_is_not_made(tmp_path: Path) -> None:
    deck = tmp_path / "d.yaml"
    deck.write_text(
        """\
id: d
title: D
version: "1"
facts:
  - kind: zone
    id: z
    system: jiao
    names: {english: Bai hui, pinyin: bǎi huì, hanzi: 百会}
    location: {description: On the vertex}
    sources: [{citation: X}]
""",
        encoding="utf-8",
    )
    made = generate_cards([d.deck for d in load_decks([deck], with_builtins=False)])
    directions = {c.direction for c in made}
    assert "english-chinese" in directions
    assert "chinese-english" not in directions  # "Bai hui" is the pinyin shown
