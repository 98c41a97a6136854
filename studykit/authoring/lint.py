"""Deck checks beyond validation: what makes a card bad to study, though the file is valid.

Errors are the loader's own problems (the file cannot be used). Warnings are what an
experienced instructor would point out: two cards asking the same thing, an answer
printed in its own question, a card that gives its answer away in other ways (the
`giveaway` check: cloze hints, typed answers shown in the question, implausible choice
options), a deletion written so that it hides nothing, a card
without a source, an answer too long to recall in one go, a zone code that no loaded
deck has. Every finding is placed at `path:line:column` with the loader's machinery.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from studykit.authoring.giveaways import GiveawayChecker
from studykit.content.cards import Card
from studykit.content.generate import GenerateOptions, generate_cards
from studykit.content.loader import LoadedDeck, load_decks
from studykit.errors import DeckError, Problem
from studykit.models import Zone
from studykit.models.deck import CLOZE_DELETION, FreeCard, free_card_keys

ERROR, WARNING, NOTE = "error", "warning", "note"
"""`note`: an author-only note of the deck, shown to its authors; never a problem."""
MIN_CHOICE_OPTIONS = 3
"""A choice card with fewer options drawn than this is a coin toss."""

_BROKEN_DELETION = re.compile(r"\{+\s*c\d+\s*:+[^{}]*\}*|\{\{|\}\}")
"""What is left of `{{c1::...}}` syntax once the good deletions are taken out."""


@dataclass(frozen=True)
class LintOptions:
    """Thresholds of the checks."""

    max_answer: int = 200
    """Answers longer than this many characters are hard to recall in one piece."""
    near_duplicate: float = 0.9
    """Similarity (difflib ratio of normalised fronts) from which two fronts are near-duplicates."""
    min_answer_in_question: int = 3
    """Shortest answer (normalised characters) looked for in its own question."""


def lint_paths(
    paths: Sequence[Path],
    *,
    context: Sequence[Path] = (),
    with_builtins: bool = True,
    options: LintOptions | None = None,
) -> list[Problem]:
    """Errors and warnings of the deck files at `paths`, in file and position order.

    The built-in decks (and `context`, e.g. the configured decks folder) are loaded too,
    so references to their zones resolve and a clash of deck ids is found; only the files
    in `paths` are reported on.
    """
    options = options or LintOptions()
    ordered: dict[Path, Path] = {}
    for path in [*context, *paths]:
        ordered.setdefault(path.resolve(), path)
    targets = {path.resolve() for path in paths}
    problems: list[Problem] = []
    loaded: list[LoadedDeck] = []
    excluded: set[Path] = set()
    while True:  # drop files with problems until the rest loads: those still get warnings
        try:
            loaded = load_decks(
                [path for resolved, path in ordered.items() if resolved not in excluded],
                with_builtins=with_builtins,  # a file with a built-in deck's id replaces it
            )
            break
        except DeckError as exc:
            problems = problems or [
                p  # a built-in deck broken by a replacement (it cannot be left out) counts too
                for p in exc.problems
                if Path(p.path).resolve() in targets or Path(p.path).resolve() not in ordered
            ]
            failed = {Path(p.path).resolve() for p in exc.problems} - excluded
            if not failed:
                break
            excluded |= failed

    linted = [d for d in loaded if d.path.resolve() in targets]
    if linted:
        problems.extend(_Linter(loaded, linted, options).run())
        problems.extend(replaced_builtins(linted))
        problems.extend(p for deck in linted for p in anki_syntax(deck))
    unique = {(str(p.path), p.line, p.column, p.severity, p.message): p for p in problems}
    return [unique[key] for key in sorted(unique)]


def replaced_builtins(decks: Sequence[LoadedDeck]) -> list[Problem]:
    """A warning on each deck that replaces a built-in deck by taking its id."""
    return [
        dataclasses.replace(
            deck.problem_at(
                ("id",),
                f"this deck replaces the built-in deck '{deck.id}' (same id) wherever it is "
                "loaded; give it another id to keep both",
            ),
            severity=WARNING,
        )
        for deck in decks
        if deck.replaces is not None
    ]


_ANKI_SYNTAX = re.compile(
    r"\[sound:[^\]]*\]?|\[\[type:[^\]]*(?:\]\])?|\[/?(?:latex|\$\$?)\]"  # sound, type, LaTeX
    r"|\{\{[^{}]*\}\}|\{\{|\}\}"  # a field or a cloze deletion
    r"|\\[()\[\]]"  # MathJax
)
"""Text Anki would read as its own syntax: a sound, a type-in box, LaTeX, a template field
or cloze deletion, MathJax."""


def anki_syntax(deck: LoadedDeck) -> list[Problem]:
    """Warnings on deck text that Anki would read as its own syntax. The export shows such
    text as written (it is neutralised), which is rarely what its author meant. The
    deletions of a free-form cloze card's `text` are meant, and left alone."""
    found: list[Problem] = []
    cloze_texts = {
        ("cards", index, "text")
        for index, card in enumerate(deck.deck.cards)
        if card.kind == "cloze"
    }
    for where, text in _strings(deck.located.data, ()):
        if where in cloze_texts:  # deletions are meant; broken ones have their own warning
            text = _BROKEN_DELETION.sub("", CLOZE_DELETION.sub("", text))
        elif where[:1] == ("cards",) and where[-1] in ("front", "back"):
            text = CLOZE_DELETION.sub("", text)  # warned about as a misplaced deletion
        match = _ANKI_SYNTAX.search(text)
        if match:
            found.append(
                dataclasses.replace(
                    deck.problem_at(
                        where,
                        f"'{_short(match[0])}' is Anki syntax (a sound, a type-in box, a "
                        "template field or cloze deletion, or MathJax); the Anki export shows "
                        "it as plain text: rephrase it if that is not what you meant",
                    ),
                    severity=WARNING,
                )
            )
    return found


def format_problem(problem: Problem, *, strict: bool = False) -> str:
    """`path:line:column: warning: message` (with `--strict`, warnings read `error`)."""
    severity = ERROR if strict and problem.severity == WARNING else problem.severity
    return f"{problem.path}:{problem.line}:{problem.column}: {severity}: {problem.message}"


def _normal(text: str) -> str:
    return re.sub(r"[\W_]+", " ", text.lower()).strip()


def _short(text: str, length: int = 40) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= length else one_line[: length - 1] + "…"


class _Linter:
    """The warnings of the linted decks, with all loaded decks known for references."""

    def __init__(
        self, loaded: list[LoadedDeck], linted: list[LoadedDeck], options: LintOptions
    ) -> None:
        self.loaded = loaded
        self.linted = linted
        self.options = options
        self.found: list[Problem] = []
        self.keys = {d.id: free_card_keys(d.deck.cards) for d in linted}

    def warn(self, deck: LoadedDeck, where: Sequence[str | int], message: str) -> None:
        problem = deck.problem_at(where, message)
        self.found.append(dataclasses.replace(problem, severity=WARNING))

    def line_of(self, deck: LoadedDeck, where: Sequence[str | int]) -> int:
        return deck.problem_at(where, "").line

    def run(self) -> list[Problem]:
        cards = generate_cards(
            [d.deck for d in self.loaded],
            [d.id for d in self.linted],
            GenerateOptions(include_unverified=True),
        )
        by_id = {d.id: d for d in self.linted}
        giveaways = GiveawayChecker([d.deck for d in self.loaded])
        for deck in self.linted:
            for index, free in enumerate(deck.deck.cards):
                self.free_card(deck, index, free)
        for card in cards:
            deck = by_id[card.deck]
            if not self.answer_in_question(deck, card):  # else already a giveaway
                self.giveaway(deck, card, giveaways)
            self.long_answer(deck, card)
            self.few_options(deck, card)
        self.duplicate_fronts(cards, by_id)
        self.near_duplicate_fronts()
        self.unknown_zone_codes()
        for deck in self.linted:
            self.author_notes(deck)
        return self.found

    def author_notes(self, deck: LoadedDeck) -> None:
        """Every author-only note, placed where it is written, for the deck's authors."""
        places: list[tuple[tuple[str | int, ...], list[str]]] = [
            (("references", key, "author_notes"), ref.author_notes)
            for key, ref in deck.deck.references.items()
        ]
        for index, fact in enumerate(deck.deck.facts):
            places.append((("facts", index, "author_notes"), fact.author_notes))
            for number, conflict in enumerate(fact.conflicts):
                dispute = ("facts", index, "conflicts", number, "author_notes")
                places.append((dispute, conflict.author_notes))
        for index, free in enumerate(deck.deck.cards):
            places.append((("cards", index, "author_notes"), free.author_notes))
        for place, notes in places:
            for number, note in enumerate(notes):
                problem = deck.problem_at((*place, number), f"author note: {note}")
                self.found.append(dataclasses.replace(problem, severity=NOTE))

    # -- where a card comes from -----------------------------------------------------------

    def origin(self, deck: LoadedDeck, card: Card) -> tuple[tuple[str | int, ...], str]:
        """The place in the file a generated card comes from, and how to name the card."""
        if card.fact.startswith("card:"):
            keys = self.keys[deck.id]
            index = keys.index(card.fact.removeprefix("card:"))
            free = deck.deck.cards[index]
            field = "text" if free.kind == "cloze" else "front"
            if card.direction == "reverse":
                field = "back"
            return ("cards", index, field), "this card"
        for index, fact in enumerate(deck.deck.facts):
            if fact.id == card.fact:
                return ("facts", index), f"its '{card.direction}' card"
        return ("facts",), f"the card '{card.id}'"

    # -- checks ----------------------------------------------------------------------------

    def free_card(self, deck: LoadedDeck, index: int, free: FreeCard) -> None:
        where = ("cards", index)
        if not free.sources:
            self.warn(
                deck,
                where,
                "no sources: add 'sources:' so students (and you, later) can check the answer",
            )
        key = self.keys[deck.id][index]
        if not free.key and key != free.derived_key():
            first = self.keys[deck.id].index(free.derived_key())
            self.warn(
                deck,
                where,
                f"this card's front makes the same key '{free.derived_key()}' as the card on "
                f"line {self.line_of(deck, ('cards', first))}, so it gets '{key}'; give both "
                "an explicit 'key:' so their progress can never swap",
            )
        if free.kind == "cloze":
            leftover = _BROKEN_DELETION.search(CLOZE_DELETION.sub("", free.text or ""))
            if leftover:
                self.warn(
                    deck,
                    (*where, "text"),
                    f"'{_short(leftover[0])}' is not a cloze deletion and will be shown as "
                    "written; write deletions as {{c1::hidden words}}",
                )
            return
        for name in ("front", "back"):
            value = getattr(free, name)
            if value and CLOZE_DELETION.search(value):
                self.warn(
                    deck,
                    (*where, name),
                    f"this looks like a cloze deletion, but the card is {free.kind}: "
                    "use 'kind: cloze' and put the sentence in 'text'",
                )

    def answer_in_question(self, deck: LoadedDeck, card: Card) -> bool:
        """Whether the card's answer is printed in its question (and warn if so)."""
        answers = list(card.answers)
        if not answers and "\n" not in card.back and len(card.back) <= 80:
            answers = [card.back]
        question = f" {_normal(card.front)} "
        for answer in answers:
            normal = _normal(answer)
            if len(normal) >= self.options.min_answer_in_question and f" {normal} " in question:
                where, name = self.origin(deck, card)
                self.warn(
                    deck,
                    where,
                    f"{name} gives itself away: the answer '{_short(answer)}' is in the question",
                )
                return True
        return False

    def giveaway(self, deck: LoadedDeck, card: Card, checker: GiveawayChecker) -> None:
        """Cards whose answer can be had without knowing it (see `authoring.giveaways`)."""
        for finding in checker.findings(card):
            where, name = self.origin(deck, card)
            self.warn(deck, where, f"giveaway: {name} gives its answer away: {finding}")

    def long_answer(self, deck: LoadedDeck, card: Card) -> None:
        if len(card.back) <= self.options.max_answer or card.direction.startswith("dispute:"):
            return  # a dispute card's back is who says what, with citations: long by nature
        where, name = self.origin(deck, card)
        advice = "shorten it"
        if card.fact.startswith("card:"):
            advice = "split it into cards"
            if card.direction != "reverse":
                where = (*where[:2], "back")
        self.warn(
            deck,
            where,
            f"{name} has a long answer ({len(card.back)} characters, more than "
            f"{self.options.max_answer}): hard to recall in one piece; {advice}",
        )

    def few_options(self, deck: LoadedDeck, card: Card) -> None:
        if card.direction != "choice" or not card.fact.startswith("card:"):
            return
        where, _ = self.origin(deck, card)
        free = deck.deck.cards[where[1]]  # type: ignore[index]
        if free.distractors or len(card.choices) >= MIN_CHOICE_OPTIONS:
            return
        count = max(len(card.choices), 1)
        shown = "it is shown as a basic card" if count == 1 else f"only {count} options"
        self.warn(
            deck,
            where[:2],
            f"too few other answers in the deck to draw options from ({shown}); add 'distractors:'",
        )

    def duplicate_fronts(self, cards: list[Card], by_id: dict[str, LoadedDeck]) -> None:
        first: dict[tuple[object, ...], Card] = {}
        for card in cards:
            # a map card's question is its text with its drawing
            normal = (_normal(card.front), card.figure, card.figure_choices)
            other = first.get(normal)
            if other is None:
                first[normal] = card
                continue
            if (other.deck, other.fact) == (card.deck, card.fact):
                continue
            deck = by_id[card.deck]
            where, name = self.origin(deck, card)
            other_deck = by_id[other.deck]
            other_line = self.line_of(other_deck, self.origin(other_deck, other)[0])
            place = (
                f"line {other_line}" if other_deck is deck else f"{other_deck.path}:{other_line}"
            )
            self.warn(
                deck,
                where,
                f"{name} asks the same question as the card on {place} "
                f"('{_short(card.front)}'): merge them or make them differ",
            )

    def near_duplicate_fronts(self) -> None:
        """Hand-written fronts nearly alike (typos, rewording of punctuation or one word),
        but not those differing in a number or code such as `MS6` and `MS7`."""
        entries: list[tuple[str, tuple[str, ...], LoadedDeck, int]] = []
        seen: set[str] = set()
        for deck in self.linted:
            for index, free in enumerate(deck.deck.cards):
                normal = _normal(free.question())
                if normal in seen:
                    continue  # an exact duplicate: reported once, by duplicate_fronts
                seen.add(normal)
                found = tuple(sorted(t for t in normal.split() if any(c.isdigit() for c in t)))
                entries.append((normal, found, deck, index))
        texts = [entry[0] for entry in entries]
        codes = [entry[1] for entry in entries]  # fronts differing in a code never pair
        for first, second in _near_duplicate_pairs(texts, self.options.near_duplicate, codes):
            earlier, later = entries[first][2:], entries[second][2:]
            line = self.line_of(earlier[0], ("cards", earlier[1]))
            place = f"line {line}" if earlier[0] is later[0] else f"{earlier[0].path}:{line}"
            field = "text" if later[0].deck.cards[later[1]].kind == "cloze" else "front"
            self.warn(
                later[0],
                ("cards", later[1], field),
                f"nearly the same front as the card on {place}: students will confuse "
                "them; merge them or make the difference plain",
            )

    def unknown_zone_codes(self) -> None:
        """Zone codes in the text (`MS15`) that no loaded deck has: a typo or a missing deck."""
        codes = {
            fact.code.upper()
            for loaded in self.loaded
            for fact in loaded.deck.facts
            if isinstance(fact, Zone) and fact.code
        }
        prefixes = sorted(
            {m[1] for code in codes if (m := re.fullmatch(r"([A-Z]+)-?\d+", code))},
            key=len,
            reverse=True,
        )
        if not prefixes:
            return
        pattern = re.compile(rf"\b({'|'.join(map(re.escape, prefixes))})[ -]?(\d+)\b")
        for deck in self.linted:
            data = deck.located.data
            for section in ("facts", "cards"):
                for where, text in _strings(data.get(section), (section,)):
                    for match in pattern.finditer(text):
                        code = f"{match[1]}{int(match[2])}"
                        if code in codes:
                            continue
                        known = sorted(c for c in codes if c.startswith(match[1]))
                        self.warn(
                            deck,
                            where,
                            f"'{match[0]}' names a zone that no loaded deck has "
                            f"(known: {_code_range(known)}); a typo, or load the deck that "
                            "defines it",
                        )


COMMON_WORD_SHARE = 0.02
"""A word in more than this share of the fronts (and more than 20) does not make two
fronts candidates for the near-duplicate comparison on its own."""


def _near_duplicate_pairs(
    texts: list[str], ratio: float, groups: Sequence[object]
) -> Iterator[tuple[int, int]]:
    """Pairs (i < j) of texts of one group whose difflib ratio is at least `ratio`.

    Comparing every pair is quadratic (minutes for thousands of cards), so only texts
    sharing an uncommon word are compared; a text made only of common words is compared
    with every other one. Near-duplicates (typos, punctuation, one changed word) share
    their uncommon words, so little is missed.
    """
    words = [{w for w in text.split() if len(w) >= 3} for text in texts]
    postings: dict[str, list[int]] = defaultdict(list)
    for index, found in enumerate(words):
        for word in found:
            postings[word].append(index)
    limit = max(20, int(len(texts) * COMMON_WORD_SHARE))
    candidates: set[tuple[int, int]] = set()
    for index, found in enumerate(words):
        rare = [postings[w] for w in found if len(postings[w]) <= limit]
        if not rare:
            rare = [list(range(len(texts)))]
        for posting in rare:
            candidates.update((min(index, o), max(index, o)) for o in posting if o != index)
    for first, second in sorted(candidates):
        a, b = texts[first], texts[second]
        if groups[first] != groups[second]:
            continue
        if 2 * min(len(a), len(b)) / (len(a) + len(b) or 1) < ratio:
            continue
        matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
        if matcher.quick_ratio() >= ratio and matcher.ratio() >= ratio:
            yield first, second


def _strings(
    value: Any, where: tuple[str | int, ...]
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every text value with its path, except citations, links and notes on sources."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in {"sources", "url", "citation", "ref"}:
                yield from _strings(item, (*where, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*where, index))


def _code_range(codes: list[str]) -> str:
    """`MS1–MS14` for a run of numbered codes, else the codes listed."""
    numbered = defaultdict(list)
    for code in codes:
        match = re.fullmatch(r"([A-Z]+)(\d+)", code)
        if match:
            numbered[match[1]].append(int(match[2]))
    if len(numbered) == 1:
        prefix, numbers = next(iter(numbered.items()))
        numbers.sort()
        if numbers == list(range(numbers[0], numbers[-1] + 1)) and len(numbers) > 2:
            return f"{prefix}{numbers[0]}–{prefix}{numbers[-1]}"
    return ", ".join(codes)


__all__ = ["ERROR", "NOTE", "WARNING", "LintOptions", "format_problem", "lint_paths"]
