"""How the built-in decks look in Anki: every card rendered by the real `anki` package.

Checked here: the CSS names every class the cards use and no option shares a class with
its card; the front's HTML never says which option is right; maps are readable in all
four combinations of Anki's night mode and the system's colour scheme; a dispute's answer
fits one phone screen and shows no raw URL; map options and captions are readable at
400 px.
"""

from __future__ import annotations

import html
import json
import math
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from anki.collection import Collection
from anki_support import import_package

from studykit.anki import export_package, stylesheet
from studykit.anki.export import note_type_for
from studykit.content.cards import Card
from studykit.content.generate import generate_cards
from studykit.content.loader import load_decks
from studykit.maps.atlas import builtin_atlas

ANKI_CLASSES = {"cloze", "cloze-inactive", "typeGood", "typeBad", "typeMissed"}
"""Classes Anki itself puts in the card (styled by the stylesheet or by Anki)."""
HOOKS = {"sk-kind-basic", "sk-kind-typed", "sk-kind-choice", "sk-answers", "sk-options"}
"""Classes that name a part without styling it: the card kind (for a student's own CSS),
the accepted answers (read by the type-in script), the options' box."""

PHONE_WIDTH_PX = 400
PHONE_LINES = 26
"""Lines of text one phone screen shows: ~700 px of height at 18 px × 1.5 line height."""
PHONE_CHARS_PER_LINE = 40
"""Characters per line at 400 px (18 px text, ~0.5 em per character, minus padding)."""
READABLE_PX = 10.0
"""The smallest text size, in CSS pixels, we call readable on a phone."""


@dataclass
class Rendered:
    card: Card
    question: str
    answer: str


@pytest.fixture(scope="module")
def built_in(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[dict[str, Rendered], Path]]:
    """Every built-in card, exported and rendered by Anki (question and answer HTML)."""
    folder = tmp_path_factory.mktemp("rendering")
    decks = [loaded.deck for loaded in load_decks([])]
    cards = generate_cards(decks)
    out = folder / "builtin.apkg"
    export_package(out, decks, cards, now=1_700_000_000)
    col = Collection(str(folder / "collection.anki2"))
    try:
        import_package(col, out)
        by_id = {card.id: card for card in cards}
        rendered = {}
        for card_id in col.find_cards(""):
            anki_card = col.get_card(card_id)
            key = anki_card.note()["Key"]
            rendered[key] = Rendered(by_id[key], anki_card.question(), anki_card.answer())
        yield rendered, out
    finally:
        col.close()


def body(page: str) -> str:
    """A rendered side without Anki's `<style>` and our own script."""
    page = re.sub(r"<style>.*?</style>", "", page, flags=re.DOTALL)
    return re.sub(r"<script>.*?</script>", "", page, flags=re.DOTALL)


def css_rules(css: str) -> list[tuple[str, str]]:
    """(selector, declarations) of each rule, media queries flattened."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    css = re.sub(r"@media[^{]*\{((?:[^{}]*\{[^{}]*\})*)\s*\}", r"\1", css)
    return [(m[1].strip(), m[2].strip()) for m in re.finditer(r"([^{}]+)\{([^{}]*)\}", css)]


def test_every_class_on_a_card_is_styled_and_options_do_not_share_the_cards_class(
    built_in: tuple[dict[str, Rendered], Path],
) -> None:
    rendered, _ = built_in
    selectors = " ".join(selector for selector, _ in css_rules(stylesheet()))
    used: set[str] = set()
    for page in rendered.values():
        for side in (page.question, page.answer):
            for classes in re.findall(r'class="([^"]*)"', body(side)):
                used.update(classes.split())
    unstyled = {
        c for c in used - ANKI_CLASSES - HOOKS if not re.search(rf"\.{c}(?![\w-])", selectors)
    }
    assert unstyled == set()
    kinds = {p.card.kind for p in rendered.values()}
    assert {f"sk-kind-{kind}" for kind in kinds} <= used
    assert "sk-choice" not in used  # the old class the card and its options shared
    for page in rendered.values():
        wrapper = re.search(r'<div class="sk-card ([^"]*)">', body(page.question))
        assert wrapper is not None
        assert wrapper[1] == f"sk-kind-{note_type_for(page.card).kind}"
        assert "sk-option" not in wrapper[1]


def test_the_front_never_says_which_option_is_right(
    built_in: tuple[dict[str, Rendered], Path],
) -> None:
    rendered, _ = built_in
    choices = [p for p in rendered.values() if p.card.kind == "choice" and p.card.choices]
    assert len(choices) > 100
    for page in choices:
        question, answer = body(page.question), body(page.answer)
        options = re.findall(r'<li class="([^"]*)">', question)
        assert options == ["sk-option"] * len(page.card.choices)  # all alike
        assert "data-sk-right" not in question
        right = page.card.choices.index(page.card.answers[0]) + 1
        assert f'data-sk-right="{right}"' in answer
    rules = dict(css_rules(stylesheet()))
    for number in range(1, 5):  # the back highlights the right option by its number
        selector = (
            f'.sk-card:has(.sk-back [data-sk-right="{number}"]) .sk-revealed '
            f".sk-option:nth-child({number})"
        )
        assert any(selector in s and "--sk-right-bg" in d for s, d in rules.items())


def _hex(colour: str) -> tuple[float, float, float]:
    value = colour.lstrip("#")
    return tuple(int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def _contrast(a: str, b: str) -> float:
    def luminance(colour: str) -> float:
        channels = [
            c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in _hex(colour)
        ]
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _text_fill(svg: str, selector: str) -> str:
    """The fill of a selector in a drawing's style: the last rule that sets it."""
    style = re.search(r"<style>(.*?)</style>", svg, flags=re.DOTALL)
    assert style is not None
    assert "@media (prefers-color-scheme" not in style[1]
    fills = [
        re.search(r"fill:(#[0-9a-f]{6})", d)
        for s, d in css_rules(re.sub(r"@media \(max-width[^{]*\{[^{}]*\{[^{}]*\}\}", "", style[1]))
        if selector in [part.strip() for part in s.split(",")]
    ]
    found = [f[1] for f in fills if f]
    assert found, selector
    return found[-1]


def _card_background(night: bool) -> str:
    rules = css_rules(stylesheet())
    wanted = ".card.nightMode" if night else ".card"
    for selector, declarations in rules:
        if wanted in [s.strip() for s in selector.split(",")]:
            found = re.search(r"--sk-bg:\s*(#[0-9a-f]{6})", declarations)
            assert found
            return found[1]
    raise AssertionError(f"no background for {wanted}")


def _visible_drawing(night_class: bool) -> str:
    """Which drawing the stylesheet shows: `sk-day` or `sk-night` (the system's scheme is
    not consulted: the stylesheet has no prefers-color-scheme rule for maps)."""
    rules = css_rules(stylesheet())
    shown = {"sk-day": True, "sk-night": True}
    for selector, declarations in rules:  # in order: later rules win, as in CSS
        for part in (s.strip() for s in selector.split(",")):
            for name in shown:
                if not part.endswith(f".sk-map .{name}"):
                    continue
                needs_night = part.startswith((".nightMode", ".night_mode"))
                if needs_night and not night_class:
                    continue
                if "display: none" in declarations:
                    shown[name] = False
                elif "display:" in declarations:
                    shown[name] = True
    visible = [name for name, on in shown.items() if on]
    assert len(visible) == 1, (night_class, visible)
    return visible[0]


@pytest.mark.parametrize("night_class", [False, True], ids=["card-light", "card-night"])
@pytest.mark.parametrize("system_dark", [False, True], ids=["system-light", "system-dark"])
def test_maps_are_readable_in_every_card_and_system_theme(
    built_in: tuple[dict[str, Rendered], Path], night_class: bool, system_dark: bool
) -> None:
    """The drawing shown follows Anki's night-mode class; its colours are fixed (the
    system's scheme changes nothing inside it), and its text stands out from the card."""
    _, package = built_in
    with zipfile.ZipFile(package) as archive:
        index: dict[str, str] = json.loads(archive.read("media"))
        media = {name: archive.read(number).decode() for number, name in index.items()}
    shown = _visible_drawing(night_class)
    suffix = "-night.svg" if shown == "sk-night" else "-day.svg"
    drawings = [svg for name, svg in media.items() if name.endswith(suffix)]
    assert drawings
    background = _card_background(night_class)
    for svg in drawings:
        assert "prefers-color-scheme" not in svg  # so `system_dark` cannot change it
        for selector in ("text", ".caption", ".zlabel"):
            assert _contrast(_text_fill(svg, selector), background) >= 3.0, (selector, svg[:80])
    # outside Anki (studykit map -o), a drawing still follows the system's scheme
    assert "prefers-color-scheme: dark" in builtin_atlas().svg(["scalp-standard-lines:ms5"])
    del system_dark  # the point: nothing above depends on it


def _visible_text(page: str) -> str:
    """What a student sees without opening anything: `<details>` shows its summary only."""
    page = body(page)
    page = re.sub(
        r"<details[^>]*><summary>(.*?)</summary>.*?</details>", r"\1", page, flags=re.DOTALL
    )
    page = re.sub(r"<(br|div|li|hr|ol|ul)[^>]*>", "\n", page)
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def _phone_lines(text: str) -> int:
    return sum(
        max(1, math.ceil(len(line) / PHONE_CHARS_PER_LINE))
        for line in text.split("\n")
        if line.strip()
    )


def test_a_disputes_answer_fits_one_phone_screen_and_shows_no_raw_url(
    built_in: tuple[dict[str, Rendered], Path],
) -> None:
    rendered, _ = built_in
    disputes = [p for p in rendered.values() if p.card.direction.startswith("dispute")]
    assert disputes
    longest = max(disputes, key=lambda p: _phone_lines(_visible_text(p.answer)))
    lines = _phone_lines(_visible_text(longest.answer))
    print(f"longest dispute answer: {longest.card.id}, {lines} phone lines")
    assert lines <= PHONE_LINES, (longest.card.id, _visible_text(longest.answer))
    for page in rendered.values():
        text = body(page.answer)
        unlinked = re.sub(r'<a href="[^"]*">[^<]*</a>', "", text)
        assert "://" not in unlinked, page.card.id  # URLs only as links on the source line
        outside_source = re.sub(r'<div class="sk-source">.*', "", text, flags=re.DOTALL)
        assert "<a href" not in outside_source, page.card.id


def test_map_options_and_their_captions_are_readable_at_400px(
    built_in: tuple[dict[str, Rendered], Path],
) -> None:
    """Four map options sit in two columns; at 400 px each is about 185 px wide, and the
    drawing's own small-size rule makes its caption large enough at that width."""
    rendered, package = built_in
    css = stylesheet()
    assert re.search(r"\.sk-choices\.sk-map-options\s*\{[^}]*grid-template-columns:\s*1fr 1fr", css)
    column_px = (PHONE_WIDTH_PX - 2 * 0.2 * 18 - 0.4 * 18) / 2 - 2 * 0.3 * 18
    with zipfile.ZipFile(package) as archive:
        index: dict[str, str] = json.loads(archive.read("media"))
        media = {name: archive.read(number).decode() for number, name in index.items()}
    options = [p for p in rendered.values() if p.card.figure_choices]
    assert options
    for page in options:
        assert '<ol class="sk-choices sk-map-options">' in body(page.question)
        for name in re.findall(r'<img class="sk-day" src="([^"]+)"', body(page.question)):
            svg = media[name]
            width = float(re.search(r'width="([\d.]+)"', svg)[1])  # type: ignore[index]
            scale = min(1.0, column_px / width)
            small = re.search(r"@media \(max-width: (\d+)px\)\{\.caption\{font-size:(\d+)px", svg)
            assert small is not None
            assert column_px <= float(small[1])
            assert float(small[2]) * scale >= READABLE_PX, (name, width)
