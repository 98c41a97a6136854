"""Facts → cards: directions, stable ids, disputes and unverified facts."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from studykit.content.cards import Card, numeric_id
from studykit.content.generate import GenerateOptions, generate_cards
from studykit.content.loader import load_decks
from studykit.models.slugs import slug


def cards_of(path: Path, deck: str = "tiny", **options: bool) -> list[Card]:
    decks = [d.deck for d in load_decks([path], with_builtins=False)]
    return generate_cards(decks, [deck], GenerateOptions(**options))


def by_direction(cards: list[Card], fact: str) -> dict[str, Card]:
    return {c.direction: c for c in cards if c.fact == fact}


def test_a_zone_gives_cards_in_several_directions(small_deck: Path) -> None:
    cards = by_direction(cards_of(small_deck), "ms5")
    assert set(cards) >= {
        "code-name",
        "name-code",
        "chinese-english",
        "english-chinese",
        "location",
        "location-zone",
        "length",
        "indications",
    }
    assert cards["code-name"].kind == "typed"
    assert cards["code-name"].answers[0] == "Middle line of vertex"
    assert cards["name-code"].answers == ("MS5",)
    assert "GV20 (Baihui)" in cards["location"].back
    assert "GV21 (Qianding)" in cards["location"].back
    assert "1.5 cun" in cards["length"].back
    assert cards["english-chinese"].back == "顶中线 dǐng zhōng xiàn"
    assert "[S1]" in cards["code-name"].source


def test_card_ids_survive_edits_to_the_fact_text(small_deck: Path) -> None:
    before = {c.id: c for c in cards_of(small_deck)}
    text = small_deck.read_text(encoding="utf-8")
    edited = text.replace("Middle line of vertex", "Middle line of the vertex").replace(
        "On the midline of the vertex", "Along the midline of the vertex"
    )
    small_deck.write_text(edited, encoding="utf-8")
    after = {c.id: c for c in cards_of(small_deck)}
    assert set(before) == set(after)
    assert before["tiny/ms5/code-name"].back != after["tiny/ms5/code-name"].back
    assert before["tiny/ms5/code-name"].numeric == after["tiny/ms5/code-name"].numeric


def test_ids_come_from_deck_fact_and_direction() -> None:
    card = Card(
        id="d/f/code-name",
        deck="d",
        fact="f",
        direction="code-name",
        kind="basic",
        front="q",
        back="a",
    )
    assert card.numeric == numeric_id("d/f/code-name")
    assert 0 < card.numeric < 2**63


def test_unverified_parts_make_no_cards_unless_asked(small_deck: Path) -> None:
    default = by_direction(cards_of(small_deck), "ms9")
    assert "indications" not in default
    assert "code-name" in default  # the verified rest of the fact still teaches
    opted = by_direction(cards_of(small_deck, include_unverified=True), "ms9")
    assert "shoulder" in opted["indications"].back
    assert opted["indications"].confidence == "unverified"


def test_a_disputed_part_is_taught_as_a_dispute_not_as_settled(small_deck: Path) -> None:
    text = (
        small_deck.read_text(encoding="utf-8")
        .replace(
            "      length: 1.5 cun\n      region: parietal\n",
            "      length: 1.5 cun\n      region: parietal\n",
        )
        .replace(
            "    sources: [{ref: S1, confidence: two-sources}]\n  - kind: zone\n    id: ms8",
            "    sources: [{ref: S1, confidence: two-sources}]\n"
            "    conflicts:\n"
            "      - about: length\n"
            "        summary: How long MS5 is.\n"
            "        positions:\n"
            "          - {value: 1.5 cun, sources: [{citation: Source A}]}\n"
            "          - {value: 2 cun, sources: [{citation: Source B}]}\n"
            "  - kind: zone\n    id: ms8",
        )
    )
    small_deck.write_text(text, encoding="utf-8")
    cards = by_direction(cards_of(small_deck), "ms5")
    assert "length" not in cards
    assert "Length" not in cards["location"].back
    dispute = cards["dispute:length"]
    assert "1.5 cun" in dispute.back
    assert "2 cun" in dispute.back
    assert "Source A" in dispute.back
    assert "disputed" in dispute.tags


def test_choice_cards_draw_distractors_from_the_same_system(small_deck: Path) -> None:
    first = by_direction(cards_of(small_deck), "ms5")["location-zone"]
    again = by_direction(cards_of(small_deck), "ms5")["location-zone"]
    assert first.kind == "choice"
    assert first.answers == ("MS5 Middle line of vertex",)
    assert first.answers[0] in first.choices
    assert len(first.choices) == 3  # the tiny deck has three zones of this system
    assert first.choices == again.choices  # same options on every run
    with_builtins = [d.deck for d in load_decks([small_deck])]
    big = next(c for c in generate_cards(with_builtins, ["tiny"]) if c.id == first.id)
    assert len(big.choices) == 4
    assert all(choice.startswith("MS") for choice in big.choices)


def test_indication_to_zone_only_where_the_answer_is_unique(small_deck: Path) -> None:
    text = small_deck.read_text(encoding="utf-8").replace(
        "      length: 1.5 cun\n    sources",
        "      length: 1.5 cun\n    indications: [vertex headache]\n    sources",
    )
    small_deck.write_text(text, encoding="utf-8")
    cards = cards_of(small_deck)
    asked = {c.front for c in cards if c.direction.startswith("indication-zone:")}
    needle = "which of the International Standard lines do you needle?"
    assert f"For vertex headache, {needle}" not in asked
    assert f"For nocturnal enuresis in children, {needle}" in asked


def test_conditions_give_condition_to_zones_and_zone_to_conditions(small_deck: Path) -> None:
    cards = cards_of(small_deck)
    zones = next(c for c in cards if c.id == "tiny/enuresis/zones:international")
    assert "MS5 Middle line of vertex" in zones.back
    inverse = next(c for c in cards if c.direction == "zone-conditions")
    assert inverse.fact == "tiny:ms5"
    assert "Enuresis" in inverse.back


def test_divisions_become_cloze_cards() -> None:
    decks = [d.deck for d in load_decks([])]
    cards = generate_cards(decks, ["scalp-standard-lines"])
    ms6 = by_direction(cards, "ms6")
    divisions = [c for d, c in ms6.items() if d.startswith("division:")]
    assert len(divisions) == 3
    for card in divisions:
        assert card.kind == "cloze"
        assert "{{c1::" in (card.cloze or "")
        assert "[...]" in card.front
        assert "[...]" not in card.back


def test_every_built_in_fact_yields_cards() -> None:
    decks = [d.deck for d in load_decks([])]
    everything = generate_cards(decks, options=GenerateOptions(include_unverified=True))
    covered = {(c.deck, c.fact) for c in everything}
    for deck in decks:
        for fact in deck.facts:
            assert (deck.id, fact.id) in covered, f"{deck.id}: {fact.id} has no card"


def test_by_default_exactly_the_unverified_cards_are_left_out() -> None:
    decks = [d.deck for d in load_decks([])]

    def taught(card: Card) -> bool:
        # a "which map shows" card needs another map in its view: unverified zones
        # can provide one, so whether it exists depends on the option
        return not card.fact.startswith("card:") and card.direction != "zone-map"

    default = {c.id for c in generate_cards(decks) if taught(c)}
    everything = generate_cards(decks, options=GenerateOptions(include_unverified=True))
    verified = {c.id for c in everything if c.confidence != "unverified" and taught(c)}
    assert default == verified


def test_no_two_built_in_cards_share_a_front_with_different_backs() -> None:
    decks = [d.deck for d in load_decks([])]
    backs: dict[tuple[object, ...], set[str]] = defaultdict(set)
    for card in generate_cards(decks):
        # the question is the front with its drawing, if it has one (map cards)
        figure = (getattr(card, "figure", None), getattr(card, "figure_choices", ()))
        backs[(card.deck, card.front, *figure)].add(card.back)
    clashes = {front: b for front, b in backs.items() if len(b) > 1}
    assert not clashes


def test_card_ids_are_unique_across_built_in_decks() -> None:
    decks = [d.deck for d in load_decks([])]
    ids = [c.id for c in generate_cards(decks)]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(
    "key", ["id", "deck", "fact", "direction", "kind", "front", "back", "answers", "tags", "source"]
)
def test_the_json_form_has_the_documented_keys(small_deck: Path, key: str) -> None:
    assert key in cards_of(small_deck)[0].to_json()


def test_zones_over_the_same_area_are_never_wrong_options(small_deck: Path) -> None:
    text = small_deck.read_text(encoding="utf-8").replace(
        "    id: ms9\n", "    id: ms9\n    corresponds_to: [ms5]\n"
    )
    small_deck.write_text(text, encoding="utf-8")
    for card in cards_of(small_deck):
        if card.kind == "choice" and card.fact in {"ms5", "ms9"}:
            other = "MS9" if card.fact == "ms5" else "MS5"
            assert not any(c.startswith(other) for c in card.choices), card


def test_no_founder_card_when_the_system_is_named_after_its_founder(tmp_path: Path) -> None:
    deck = tmp_path / "m.yaml"
    deck.write_text(
        "id: m\ntitle: M\nversion: '1'\nfacts:\n"
        + "".join(
            f"  - kind: microsystem\n    id: {key}\n    names: {{english: {name}}}\n"
            f"    founder: {founder}\n    year: 1971\n    map_idea: a map\n"
            f"    body_region: scalp\n    sources: [{{citation: x}}]\n"
            for key, name, founder in (
                ("jiao", "Jiao Shunfa's scalp acupuncture", "Jiao Shunfa"),
                ("ear", "Auricular acupuncture", "Paul Nogier"),
            )
        ),
        encoding="utf-8",
    )
    directions = {c.id for c in cards_of(deck, deck="m")}
    assert "m/ear/founder" in directions
    assert "m/jiao/founder" not in directions
    assert "m/jiao/year" in directions


def test_a_zone_a_source_says_treats_it_is_not_a_wrong_option() -> None:
    # C3: two exam texts list epilepsy for MS2 too (a likely copying error); the deck
    # records that as a dispute (outweighed by a textbook), so MS2 must not be offered as
    # a *wrong* answer.
    decks = [d.deck for d in load_decks([])]
    cards = {c.id: c for c in generate_cards(decks, ["scalp-standard-lines"])}
    epilepsy = cards["scalp-standard-lines/ms1/indication-zone:epilepsy"]
    assert epilepsy.answers == ("MS1 Middle line of forehead",)
    assert not any(choice.startswith("MS2 ") for choice in epilepsy.choices)
    # The textbook side (heart and lung) prevails: taught, with the exam texts' list as a note.
    assert "scalp-standard-lines/ms2/dispute:indications" not in cards
    assert "epilepsy, mental disorders, nasal disease [S4, S5]" in (
        cards["scalp-standard-lines/ms2/indications"].extra
    )


def test_every_built_in_fact_and_card_carries_a_source() -> None:
    for loaded in load_decks([]):
        for fact in loaded.deck.facts:
            assert fact.sources, f"{loaded.id}: fact {fact.id} has no source"
        for card in loaded.deck.cards:
            assert card.sources, f"{loaded.id}: card {card.key or card.front!r} has no source"


def test_which_zone_treats_cards_do_not_depend_on_the_order_of_systems(tmp_path: Path) -> None:
    """The index of who treats what is built on first use; whatever system comes last in
    the decks, every unique indication still gets its "which zone treats" card."""
    zone = (
        "  - kind: zone\n    id: {id}\n    system: {system}\n    code: {code}\n"
        "    names: {{english: {name}}}\n    location: {{description: somewhere {id}}}\n"
        "    indications: [{treats}]\n    sources: [{{citation: C}}]\n"
    )
    deck = tmp_path / "order.yaml"
    deck.write_text(
        "id: order\ntitle: Order\nversion: '1'\nfacts:\n"
        + zone.format(id="a", system="international", code="A1", name="A", treats="alpha")
        + zone.format(id="b", system="international", code="A2", name="B", treats="beta")
        + zone.format(id="c", system="jiao", code="J1", name="C", treats="gamma"),
        encoding="utf-8",
    )
    cards = {c.id for c in cards_of(deck, "order")}
    assert {
        "order/a/indication-zone:alpha",
        "order/b/indication-zone:beta",
        "order/c/indication-zone:gamma",
    } <= cards


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Motor aphasia", "motor-aphasia"),
        ("motor aphasia", "motor-aphasia"),
        ("  motor   aphasia ", "motor-aphasia"),
        ("upper 1/5", "upper-1-5"),
        ("Parkinson's disease", "parkinson-s-disease"),
        ("Rücken-Schmerz", "rucken-schmerz"),
        ("under_score", "under-score"),
        ("a" * 60, "a" * 48),
        ("word " * 20, ("word-" * 10)[:48].rstrip("-")),
    ],
)
def test_slugs_are_lowercase_words_joined_by_hyphens(text: str, expected: str) -> None:
    # plain words take a path without the regex: both paths must give the same slug
    assert slug(text) == expected


def test_a_slug_of_text_without_latin_letters_is_a_short_hash() -> None:
    assert slug("顶颞前斜线") == slug("顶颞前斜线") != slug("顶颞后斜线")
    assert len(slug("顶颞前斜线")) == 8
