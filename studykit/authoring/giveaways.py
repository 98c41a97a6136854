"""Cards that give their answer away: what `studykit lint` reports as `giveaway`.

A card teaches only if the answer has to come from memory. These checks read the cards
as a student sees them, whoever made them (the generator or an author):

* a cloze whose visible text (or hint) already says what is hidden;
* a typed card that accepts text its own question shows (the pinyin of the name asked);
* a choice card with one option, or whose options make the answer stand out: the only
  option sharing words with the question, an option the question names (so it is
  visibly wrong), an option of another system or kind of zone than the answer, the only
  map drawn in its view.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence

from studykit.content.cards import Card
from studykit.content.makers.choices import content_words, lone_echo, names_option
from studykit.content.makers.index import FactIndex
from studykit.content.makers.text import shown_in
from studykit.content.makers.wording import kind_of, system_name
from studykit.models import Deck

BLANK = "[...]"


class GiveawayChecker:
    """Finds giveaways in cards, with every loaded deck known (zones by title, maps)."""

    def __init__(self, decks: Sequence[Deck]) -> None:
        self.index = FactIndex(decks)
        self.kinds: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for zone in self.index.zones.values():
            self.kinds[zone.title()].add((zone.system, kind_of(zone)))

    def findings(self, card: Card) -> Iterator[str]:
        """What in `card` gives its answer away, each as a sentence."""
        if card.kind == "cloze":
            yield from self._cloze(card)
        elif card.kind == "typed":
            yield from self._typed(card)
        elif card.kind == "choice":
            yield from self._choice(card)

    def _cloze(self, card: Card) -> Iterator[str]:
        visible = card.front.replace(BLANK, " ")
        shown = content_words(visible)
        for answer in card.answers:
            hidden = content_words(answer)
            echoed = hidden & shown
            if shown_in(visible, answer) or (
                echoed and (len(echoed) >= 2 or echoed == hidden) and 2 * len(echoed) >= len(hidden)
            ):
                yield (
                    f"the hidden text '{_short(answer)}' can be read off the rest of the "
                    "sentence or its hint: hide those words too, or reword"
                )

    def _typed(self, card: Card) -> Iterator[str]:
        for answer in card.answers:
            if shown_in(card.front, answer):
                yield (
                    f"it accepts '{_short(answer)}', which its own question shows: "
                    "leave that answer out"
                )

    def _choice(self, card: Card) -> Iterator[str]:
        options = card.choices
        right = card.answers[0] if card.answers else card.back
        if len(options) < 2:
            yield "a choice with a single option: give it distractors, or make it basic"
            return
        maps = card.figure_choices if len(card.figure_choices) == len(options) else ()
        if maps:
            yield from self._map_views(options, maps, right)
            return
        if lone_echo(card.front, options, right):
            yield (
                "the answer is the only option that shares words with the question: "
                "choose options that echo it too, or reword"
            )
        for option in options:
            if option != right and names_option(card.front, option):
                yield (
                    f"the question names the option '{_short(option)}', so it is plainly "
                    "not the answer: leave it out of the options"
                )
        answer_kinds = self.kinds.get(right)
        if answer_kinds:
            for option in options:
                kinds = self.kinds.get(option)
                if option != right and kinds and not kinds & answer_kinds:
                    system, kind = sorted(kinds)[0]
                    yield (
                        f"the option '{_short(option)}' is {_a(kind)} of "
                        f"{system_name(system) or 'no system'}, unlike the answer: options "
                        "should be of one system and kind"
                    )

    def _map_views(self, options: Sequence[str], maps: Sequence[str], right: str) -> Iterator[str]:
        views = [self.index.map_view(ref) for ref in maps]
        answer_view = views[list(options).index(right)] if right in options else None
        if answer_view is not None and views.count(answer_view) == 1:
            yield (
                f"the answer is the only map drawn in the {answer_view} view: "
                "all option maps should share a view"
            )


def _a(noun: str) -> str:
    return f"an {noun}" if noun[:1] in "aeiou" else f"a {noun}"


def _short(text: str, length: int = 40) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= length else one_line[: length - 1] + "…"
