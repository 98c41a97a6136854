"""Free-form cards: every kind, stable ids from (deck id, card key), and their mistakes."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from studykit.content.cards import Card
from studykit.content.generate import GenerateOptions, generate_cards
from studykit.content.loader import load_decks, read_deck
from studykit.errors import DeckError
from studykit.models import Deck, FreeCard
from studykit.models.deck import cloze_deletions, free_card_keys, render_cloze

SOURCE = [{"citation": "WHO 1991"}]


def cards_of(*free: dict[str, Any], deck_id: str = "course", **options: Any) -> list[Card]:
    deck = Deck(id=deck_id, title="Course", version="1", cards=list(free))
    return generate_cards([deck], options=GenerateOptions(**options))


def by_id(cards: list[Card]) -> dict[str, Card]:
    return {card.id: card for card in cards}


def test_basic_makes_one_forward_card() -> None:
    (card,) = cards_of({"key": "gv20", "front": "GV20?", "back": "Baihui", "tags": ["points"]})
    assert card.id == "course/card:gv20/forward"
    assert (card.kind, card.front, card.back) == ("basic", "GV20?", "Baihui")
    assert card.fact == "card:gv20"
    assert "points" in card.tags
    assert "deck::course" in card.tags


def test_basic_and_reverse_adds_a_reverse_card_and_keeps_the_forward_id() -> None:
    basic = {"key": "gv20", "front": "GV20", "back": "Baihui"}
    before = by_id(cards_of(basic))
    after = by_id(cards_of({**basic, "kind": "basic-and-reverse"}))
    assert set(after) == {"course/card:gv20/forward", "course/card:gv20/reverse"}
    assert after["course/card:gv20/forward"].numeric == before["course/card:gv20/forward"].numeric
    reverse = after["course/card:gv20/reverse"]
    assert (reverse.front, reverse.back) == ("Baihui", "GV20")
    assert reverse.fact == after["course/card:gv20/forward"].fact  # siblings


def test_typed_accepts_the_back_and_every_answer() -> None:
    (card,) = cards_of(
        {
            "key": "len",
            "kind": "typed",
            "front": "MS5 length?",
            "back": "1.5 cun",
            "answers": ["1.5", "1.5 cun"],
        }
    )
    assert (card.kind, card.back, card.answers) == ("typed", "1.5 cun", ("1.5 cun", "1.5"))
    (only_answers,) = cards_of({"key": "x", "kind": "typed", "front": "Q", "answers": ["a", "b"]})
    assert (only_answers.back, only_answers.answers) == ("a", ("a", "b"))


def test_choice_with_given_distractors_shows_them_all_in_a_stable_order() -> None:
    free = {
        "key": "start",
        "kind": "choice",
        "front": "MS5 starts at?",
        "back": "GV20",
        "distractors": ["GV21", "GV24", "GB6", "GV19"],
    }
    (card,) = cards_of(free)
    assert card.kind == "choice"
    assert sorted(card.choices) == ["GB6", "GV19", "GV20", "GV21", "GV24"]
    assert card.answers == ("GV20",)
    assert cards_of(free)[0].choices == card.choices  # same order on every run


def test_choice_without_distractors_draws_them_from_the_deck_preferring_shared_tags() -> None:
    points = [
        {"key": f"p{i}", "front": f"Point {i}?", "back": name, "tags": ["points"]}
        for i, name in enumerate(["Baihui", "Shenting", "Xuanli", "Qubin"])
    ]
    others = [{"key": f"o{i}", "front": f"Other {i}?", "back": f"other {i}"} for i in range(5)]
    choice = {
        "key": "c",
        "kind": "choice",
        "front": "1.5 cun in front of GV20?",
        "back": "Qianding",
        "tags": ["points"],
    }
    card = by_id(cards_of(*points, *others, choice))["course/card:c/choice"]
    assert len(card.choices) == 4
    assert "Qianding" in card.choices
    assert set(card.choices) - {"Qianding"} <= {"Baihui", "Shenting", "Xuanli", "Qubin"}


def test_choice_with_nothing_to_draw_from_becomes_a_basic_card() -> None:
    (card,) = cards_of({"key": "c", "kind": "choice", "front": "Q", "back": "A"})
    assert (card.kind, card.choices, card.direction) == ("basic", (), "choice")


def test_cloze_makes_one_card_per_number_with_hints() -> None:
    text = "MS5 runs from {{c1::GV20::a point}} to {{c2::GV21}}; {{c1::1.5 cun}} long."
    cards = by_id(cards_of({"key": "ms5", "kind": "cloze", "text": text, "extra": "WHO table"}))
    assert set(cards) == {"course/card:ms5/c1", "course/card:ms5/c2"}
    first, second = cards["course/card:ms5/c1"], cards["course/card:ms5/c2"]
    assert first.front == "MS5 runs from [a point] to GV21; [...] long."
    assert second.front == "MS5 runs from GV20 to [...]; 1.5 cun long."
    assert first.back == second.back == "MS5 runs from GV20 to GV21; 1.5 cun long."
    assert first.answers == ("GV20", "1.5 cun")
    assert first.cloze == "MS5 runs from {{c1::GV20::a point}} to GV21; {{c1::1.5 cun}} long."
    assert second.cloze == "MS5 runs from GV20 to {{c1::GV21}}; 1.5 cun long."
    assert first.extra == "WHO table"
    assert first.kind == "cloze"


def test_cloze_helpers() -> None:
    deletions = cloze_deletions("a {{c2::b::hint}} c {{c1::d}}")
    assert [(d.number, d.answer, d.hint) for d in deletions] == [(2, "b", "hint"), (1, "d", None)]
    assert render_cloze("a {{c1::b}} {{c2::c}}", None) == "a b c"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("Which channel does MS5 lie on?", "which channel does MS5 lie on"),
        ("Which channel does MS5 lie on?", "Which  channel does MS5 lie on ?"),
        (
            "Where does the needle go, and how deep is it inserted under the galea?",
            "Where does the needle go, and how deep is it inserted under the galea aponeurotica?",
        ),
    ],
)
def test_a_derived_key_survives_edits_of_case_spacing_punctuation_and_the_end(
    before: str, after: str
) -> None:
    old = cards_of({"front": before, "back": "x"})[0]
    new = cards_of({"front": after, "back": "something else entirely"})[0]
    assert old.id == new.id


def test_rewording_the_start_of_a_keyless_front_makes_a_new_card_but_a_key_keeps_it() -> None:
    old = cards_of({"front": "Which channel does MS5 lie on?", "back": "GV"})[0]
    reworded = cards_of({"front": "On which channel does MS5 lie?", "back": "GV"})[0]
    assert old.id != reworded.id
    keyed = cards_of({"key": old.fact.removeprefix("card:"), "front": "On which?", "back": "GV"})
    assert keyed[0].id == old.id


def test_a_cloze_key_ignores_its_hidden_answers() -> None:
    old = cards_of({"kind": "cloze", "text": "MS5 starts at {{c1::GV21}}."})[0]
    fixed = cards_of({"kind": "cloze", "text": "MS5 starts at {{c1::GV20}}."})[0]
    assert old.id == fixed.id == "course/card:ms5-starts-at/c1"


def test_colliding_derived_keys_get_numbered_and_never_take_an_explicit_key() -> None:
    free = [
        FreeCard(front="Same?", back="1"),
        FreeCard(key="same", front="Other", back="2"),
        FreeCard(front="Same!", back="3"),
    ]
    assert free_card_keys(free) == ["same-2", "same", "same-3"]


def test_ids_are_namespaced_by_deck() -> None:
    card = {"key": "gv20", "front": "GV20?", "back": "Baihui"}
    one = Deck(id="teacher-a", title="A", version="1", cards=[FreeCard(**card)])
    two = Deck(id="teacher-b", title="B", version="1", cards=[FreeCard(**card)])
    ids = [c.id for c in generate_cards([one, two])]
    assert ids == ["teacher-a/card:gv20/forward", "teacher-b/card:gv20/forward"]
    assert len({c.numeric for c in generate_cards([one, two])}) == 2


def test_unverified_cards_need_the_opt_in_and_sourceless_ones_always_show() -> None:
    unverified = {
        "key": "u",
        "front": "Q",
        "back": "A",
        "sources": [{"citation": "memory", "confidence": "unverified"}],
    }
    plain = {"key": "p", "front": "Q2", "back": "A2"}
    assert [c.fact for c in cards_of(unverified, plain)] == ["card:p"]
    assert [c.fact for c in cards_of(unverified, plain, include_unverified=True)] == [
        "card:u",
        "card:p",
    ]
    sourced = cards_of({"key": "s", "front": "Q", "back": "A", "sources": SOURCE})[0]
    assert (sourced.confidence, sourced.source) == ("verified", "WHO 1991 (verified)")


@pytest.mark.parametrize(
    ("card", "message"),
    [
        ({"front": "Q"}, "a basic card needs 'back'"),
        ({"back": "A"}, "a basic card needs 'front'"),
        ({"kind": "typed", "front": "Q"}, "a typed card needs 'back' or 'answers'"),
        ({"kind": "cloze", "text": "no blanks"}, "the cloze text has no deletion"),
        ({"kind": "cloze", "front": "x {{c1::y}}"}, "'front' is not used by a cloze card"),
        ({"kind": "cloze", "text": "x {{c1::y}}", "back": "z"}, "put remarks in 'extra'"),
        ({"front": "Q", "back": "A", "distractors": ["B"]}, "only choice cards have"),
        (
            {"kind": "choice", "front": "Q", "back": "A", "distractors": ["a"]},
            "the answer ('back') is also one of the 'distractors'",
        ),
        ({"kind": "flash", "front": "Q", "back": "A"}, "Input should be"),
    ],
)
def test_a_card_that_does_not_fit_its_kind_is_rejected(card: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(message)):
        FreeCard.model_validate(card)


def test_kind_mistakes_are_reported_at_the_card_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "deck.yaml"
    path.write_text(
        "id: d\ntitle: D\nversion: '1'\ncards:\n"
        "  - key: ok\n    front: Q\n    back: A\n"
        "  - key: bad\n    kind: typed\n    front: Q2\n",
        encoding="utf-8",
    )
    deck, problems = read_deck(path)
    assert deck is None
    assert [str(p) for p in problems] == [
        f"{path}:8:5: a typed card needs 'back' or 'answers' (what may be typed)"
    ]


def test_the_built_in_free_card_form_stays_valid(tmp_path: Path) -> None:
    path = tmp_path / "builtin-form.yaml"
    path.write_text(
        "id: form\ntitle: Form\nversion: '1'\nreferences:\n  S1: {citation: C}\ncards:\n"
        "  - kind: basic\n    key: k\n    front: F\n    back: B\n    tags: [t]\n"
        "    sources:\n      - {ref: S1, confidence: verified}\n",
        encoding="utf-8",
    )
    (card,) = [c for c in generate_cards([d.deck for d in load_decks([path])]) if c.deck == "form"]
    assert card.id == "form/card:k/forward"


def test_duplicate_explicit_keys_are_a_load_error(tmp_path: Path) -> None:
    path = tmp_path / "dup.yaml"
    path.write_text(
        "id: dup\ntitle: D\nversion: '1'\ncards:\n"
        "  - {key: k, front: Q1, back: A}\n  - {key: k, front: Q2, back: A}\n",
        encoding="utf-8",
    )
    with pytest.raises(DeckError, match="duplicate card key 'k'"):
        load_decks([path])


def test_drawn_options_come_from_the_cards_sharing_the_most_tags() -> None:
    parts = [
        {"key": "a", "front": "Part for arm?", "back": "middle 2/5", "tags": ["ms6", "parts"]},
        {"key": "b", "front": "Part for leg?", "back": "upper 1/5", "tags": ["ms6", "parts"]},
        {"key": "c", "front": "MS6 starts?", "back": "EX-HN1", "tags": ["ms6"]},
        {"key": "d", "front": "MS6 ends?", "back": "GB6", "tags": ["ms6"]},
    ]
    choice = {"key": "q", "kind": "choice", "front": "Part for aphasia?",
              "back": "lower 2/5", "tags": ["ms6", "parts"]}  # fmt: skip
    card = by_id(cards_of(*parts, choice))["course/card:q/choice"]
    assert sorted(card.choices) == ["lower 2/5", "middle 2/5", "upper 1/5"]
