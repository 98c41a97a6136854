"""The forgiving type-in check on the back of typed notes (`studykit/anki/typed.js`).

The script runs in node (the JavaScript engine of Chromium, which Anki's desktop card view
uses) on the exact HTML the real `anki` package renders: the back of a typed card after
the student typed an answer. It must accept what the quiz accepts (case, spacing,
punctuation, dashes, `MS 4`, tone marks, aliases), nothing the quiz rejects, and leave
Anki's own comparison on the card.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from anki.collection import Collection
from anki_support import import_package

from studykit.anki import export_package
from studykit.anki.notetypes import typed_script
from studykit.content.generate import generate_cards
from studykit.content.loader import load_decks
from studykit.study.answer_check import check_answer

NODE = shutil.which("node") or shutil.which("nodejs")

HARNESS = Path(__file__).parent / "data" / "typein_harness.js"
"""A small DOM for the script, in node (see the file)."""

DECK = """\
id: typein
title: Type-in test
version: "1"
references:
  S1: {citation: "WHO Scientific Group 1991"}
facts:
  - kind: zone
    id: ms4
    system: international
    code: MS4
    names: {english: Lateral line 3 of forehead, pinyin: é páng xiàn sān, hanzi: 额旁3线}
    location: {description: "From ST8 downward, 1 cun long"}
    sources: [{ref: S1, confidence: two-sources}]
  - kind: zone
    id: ms6
    system: international
    code: MS6
    names: {english: Anterior oblique line of vertex-temporal, pinyin: dǐng niè qián xié xiàn}
    location: {description: "From EX-HN1 to GB6"}
    sources: [{ref: S1, confidence: two-sources}]
"""

CASES: list[tuple[str, list[str]]] = [
    ("ms 4", ["MS4"]),
    ("Ms-4", ["MS4"]),
    ("mS4.", ["MS4"]),
    ("MS5", ["MS4"]),
    ("anterior oblique line of vertex–temporal", ["Anterior oblique line of vertex-temporal"]),
    ("  ANTERIOR  oblique line of vertex temporal ", ["Anterior oblique line of vertex-temporal"]),
    ("posterior oblique line of vertex-temporal", ["Anterior oblique line of vertex-temporal"]),
    ("ding nie qian xie xian", ["dǐng niè qián xié xiàn"]),
    ("ding3 nie4 qian2 xie2 xian4", ["dǐng niè qián xié xiàn"]),
    ("the middle line of vertex", ["Middle line of vertex"]),
    ("lv", ["lǜ"]),
    ("vertex line", ["Middle line of vertex", "vertex line"]),  # an alias
    ("额旁3线", ["Lateral line 3 of forehead", "额旁3线"]),
    ("额旁2线", ["额旁3线"]),
    ("", ["MS4"]),
    ("MS 41", ["MS4"]),
]


def run_node(pairs: list[tuple[str, list[str]]], pages: list[str]) -> dict[str, list]:  # type: ignore[type-arg]
    assert NODE, "the type-in test needs node (apt-get install nodejs)"
    payload = json.dumps({"script": typed_script(), "pairs": pairs, "pages": pages})
    done = subprocess.run(
        [NODE, str(HARNESS)],
        input=payload,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, list] = json.loads(done.stdout)  # type: ignore[type-arg]
    return result


def test_the_script_accepts_exactly_what_the_quiz_accepts() -> None:
    matches = run_node(CASES, [])["matches"]

    for (typed, answers), match in zip(CASES, matches, strict=True):
        quiz = bool(typed.strip()) and check_answer(typed, answers).correct
        assert (match is not None) == quiz, (typed, answers, match)
    assert sum(m is not None for m in matches) == 11  # the table has both kinds of case


def test_the_script_has_no_template_syntax_and_anki_keeps_its_comparison() -> None:
    script = typed_script()
    assert "{{" not in script
    assert "}}" not in script  # Anki would read it as a field


@pytest.fixture
def typed_backs(tmp_path: Path, col: Collection) -> list[tuple[str, str, str]]:
    """(typed, the back Anki renders after it, the card's accepted answers) for real cards."""
    deck = tmp_path / "typein.yaml"
    deck.write_text(DECK, encoding="utf-8")
    decks = [loaded.deck for loaded in load_decks([deck], with_builtins=False)]
    cards = generate_cards(decks)
    export_package(tmp_path / "typein.apkg", decks, cards, now=1_700_000_000)
    import_package(col, tmp_path / "typein.apkg")
    wanted = {
        "typein/ms4/name-code": ["ms 4", "MS4", "MS5"],
        "typein/ms6/code-name": ["anterior oblique line of vertex–temporal", "lateral line"],
    }
    backs = []
    for nid in col.find_notes(""):
        note = col.get_note(nid)
        for typed in wanted.get(note["Key"], []):
            card = note.cards()[0]
            card.question(reload=True)
            # Anki's reviewer: the back with the typed answer compared, as it renders it
            comparison = col.compare_answer(note["Typed"], typed)
            back = card.answer().replace("[[type:Typed]]", comparison)
            backs.append((typed, back, note["Answers"]))
    assert len(backs) == 5
    return backs


def test_on_a_rendered_back_a_forgiven_answer_is_marked_accepted(
    typed_backs: list[tuple[str, str, str]],
) -> None:
    pages = run_node([], [back for _, back, _ in typed_backs])["pages"]

    for (typed, back, answers), page in zip(typed_backs, pages, strict=True):
        quiz = check_answer(typed, answers.split("; ")).correct
        exact = typed in answers.split("; ")
        if exact:  # Anki shows it as right itself; the script adds nothing
            assert page["accepted"] is None
        else:
            assert (page["accepted"] is not None) == quiz, typed
        if page["accepted"]:
            assert 'class="sk-forgiven"' in page["html"]
            assert "Accepted as" in page["html"]
        assert 'id="typeans"' in page["html"]  # Anki's exact comparison stays on the card
        assert "typeans" in back
