"""Deck text that Anki would read as its own syntax stays text, in the real `anki` package.

`[sound:…]` must not play, `[[type:…]]` must not make an answer box, `{{…}}` must not be a
field or a cloze deletion (only studykit's own deletion makes a cloze card), and MathJax
must find no `\\(`/`\\[` delimiter in the page's text.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from anki.collection import Collection
from anki_support import import_package

from studykit.anki import export_package
from studykit.anki.export import to_html
from studykit.content.generate import generate_cards
from studykit.content.loader import load_decks

DECK = r"""
id: syntax
title: Anki syntax as data
version: "1"
references:
  S1: {citation: "Source [sound:cite.mp3] {{Key}}"}
facts:
  - kind: zone
    id: ms5
    system: international
    code: MS5
    names: {english: "Middle line [sound:x.mp3]", pinyin: "dǐng zhōng xiàn"}
    location:
      description: "Depth \\(x^2\\) and \\[y\\] cun [[type:Front]] {{Front}} [latex]z[/latex]"
    divisions:
      - id: upper
        part: upper 1/5
        treats: ["paralysis {{c2::of the leg}} [sound:y.mp3]"]
    notes: ["a note {{c3::hidden}}"]
    sources: [{ref: S1, confidence: two-sources}]
cards:
  - key: free-cloze
    kind: cloze
    text: "MS5 runs from {{c1::GV20}} to {{c2::GV21}} \\(a\\)."
    sources: [{ref: S1}]
"""


def page_text(page: str) -> str:
    """The text MathJax scans: the page without its style and script, references decoded."""
    page = re.sub(r"<(style|script)>.*?</\1>", "", page, flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def test_anki_syntax_in_deck_text_is_inert_in_every_field(tmp_path: Path, col: Collection) -> None:
    path = tmp_path / "syntax.yaml"
    path.write_text(DECK, encoding="utf-8")
    decks = [loaded.deck for loaded in load_decks([path], with_builtins=False)]
    cards = generate_cards(decks)
    out = tmp_path / "syntax.apkg"
    export_package(out, decks, cards, now=1_700_000_000)
    log = import_package(col, out)
    assert log["new"] == len(cards)

    # one card per note: no second cloze card from `{{c2::…}}` in deck text
    assert col.card_count() == col.note_count() == len(cards)
    sides = []
    for card_id in col.find_cards(""):
        card = col.get_card(card_id)
        assert card.question_av_tags() == []
        assert card.answer_av_tags() == []
        question, answer = card.question(), card.answer()
        if card.note_type()["name"] != "studykit typed v1":
            assert "[[type:" not in question + answer  # no answer box but our own
        else:
            assert question.count("[[type:") == 1
        sides += [question, answer]
        for side in (question, answer):
            text = page_text(side)
            assert not re.search(r"\\[(\[]", text)  # MathJax finds no delimiter
    everything = "\n".join(page_text(side) for side in sides)
    for shown in ("[sound:x.mp3]", "{{Front}}", "{{c2::of the leg}}", "[latex]z[/latex]"):
        assert shown in everything  # shown as written
    assert "Depth \\\u2060(x^2\\\u2060) and \\\u2060[y\\\u2060] cun" in everything

    division = next(c for c in cards if c.direction == "division:upper")
    (note_id,) = col.find_notes(f"Key:{division.id}")
    cloze = col.get_note(note_id).cards()
    assert len(cloze) == 1
    assert "[...]" in cloze[0].question()
    assert "{{c2::of the leg}}" in page_text(cloze[0].answer())

    free = [c for c in cards if c.fact == "card:free-cloze"]
    assert len(free) == 2  # the author's two deletions: a card each, as studykit makes them
    for card in free:
        (note_id,) = col.find_notes(f"Key:{card.id}")
        assert len(col.get_note(note_id).cards()) == 1


def test_to_html_leaves_plain_text_alone_and_neutralises_the_rest() -> None:
    assert to_html("顶中线 dǐng zhōng xiàn 🌙") == "顶中线 dǐng zhōng xiàn 🌙"
    assert to_html("[sound:a.mp3]") == "&#91;sound:a.mp3&#93;"
    assert to_html("{{c1::x}}") == "&#123;&#123;c1::x&#125;&#125;"
    assert to_html("\\(x\\)") == "\\\u2060(x\\\u2060)"
    assert to_html("a\\b") == "a\\b"  # a backslash before anything else stays as it is
