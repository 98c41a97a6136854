"""The fast YAML path never gives a file a meaning PyYAML would not give it."""

from __future__ import annotations

import itertools
import random
from pathlib import Path
from typing import ClassVar

import pytest

from studykit.content.fastyaml import fast_load
from studykit.content.loader import read_deck
from studykit.content.yamlsource import FAST_FROM, decode, parse

ROOT = Path(__file__).resolve().parent.parent

# Scalars the two readers may type differently (YAML 1.1 vs 1.2), and harmless ones.
SCALARS = [
    "yes", "No", "ON", "off", "y", "n", "true", "False", "null", "~", "", "=", "<<",
    "1", "-1", "+1", "017", "0o17", "0x1F", "0b101", "1_000", "1.0", "1.", ".5", "-.5",
    "+.5", "1e3", "1.0e3", "1.0e+3", "1E-3", ".inf", "-.Inf", ".NaN", "1:20", "12:30:00",
    "2001-12-14", "2001-12-14 21:59:43.10", "1985", "1.5 cun", "MS6", "GV20 to GB6",
    "it's", "a: b", "#x", "x #y", "@x", "`x", "?x", "- x", "--- x", "é 线",
]  # fmt: skip
CONTEXTS = [
    "a: {}\n",
    "a:\n  - {}\n",
    "a: [{}]\n",
    "a: [x, {}, y]\n",
    "a: {{k: {}}}\n",
    "{}: a\n",
    "a: '{}'\n",
    'a: "{}"\n',
    "a: &anchor {}\nb: *anchor\n",
    "a: |\n  {}\n",
    "a: >-\n  {}\n  more\n",
    "a: x\n  {}\n",
    "a: {} # comment\n",
    "? {}\n: a\n",
]


def assert_same_meaning(text: str) -> bool:
    """Fail when the fast path accepts `text` with other data than PyYAML; return
    whether it accepted."""
    fast, data = fast_load(text)
    if not fast or data is None:  # `parse` reads an empty document with PyYAML
        return False
    slow, problems = parse(text, "t.yaml", fast=False)
    assert not problems, f"fast path accepted what PyYAML refuses: {text!r}: {problems}"
    assert slow is not None
    assert repr(slow.data) == repr(data), f"two meanings for {text!r}"
    return True  # (repr: NaN is not equal to itself)


@pytest.mark.parametrize("context", CONTEXTS)
def test_fast_path_agrees_with_pyyaml_on_every_risky_scalar(context: str) -> None:
    accepted = [s for s in SCALARS if assert_same_meaning(context.format(s))]
    # not vacuous: ordinary words take the fast path in every context (but a complex key,
    # and an alias: PyYAML bounds what aliases repeat)
    assert "MS6" in accepted or context.startswith("? ") or "*anchor" in context


def test_quoted_lookalikes_stay_fast_and_plain_ones_do_not() -> None:
    assert fast_load('version: "1.0"\nanswer: "no"\n') == (
        True,
        {"version": "1.0", "answer": "no"},
    )
    assert fast_load('version: "1.0"\nnote: see 1.0\n') == (False, None)
    assert fast_load("answer: no\n") == (False, None)  # PyYAML: False; yaml-rs: "no"


@pytest.mark.parametrize(
    "text",
    [
        "a: !!python/object:os.system x\n",  # a tag: only PyYAML's reader reports it
        "a: !custom x\n",  # yaml-rs would drop the tag silently
        "%YAML 1.1\n---\na: x\n",
        "a: 1\na: 2\n",  # duplicate key
        'a: 1\n"a": 2\n',  # the same key, once quoted
        'x: {a: 1, "\\x61": 2}\n',  # the same key, once escaped
        "a: x\x85b\n",  # NEL: a line break in YAML 1.1 only
        "a: x\u2028b\n",
        "a: [1,\n",
        "--- a\n--- b\n",
        "x: &a {k: 1}\nz:\n  <<: *a\n",
        "1: one\n",  # PyYAML's builder makes the key text
        "a: 1e3\n",
        "a: 017\n",
    ],
)
def test_what_only_pyyaml_reads_right_goes_to_pyyaml(text: str) -> None:
    assert fast_load(text) == (False, None)


class RandomYaml:
    """Random small YAML documents mixing risky scalars with every construct we know the
    two readers to treat differently (block scalars, flows across lines, anchors, CRLF)."""

    WORDS: ClassVar[list[str]] = [
        *SCALARS,
        "'q'",
        '"d"',
        "x#y",
        "|",
        ">",
        "*",
        "&",
        "[",
        "]",
        "{",
        "}",
        ",",
    ]

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def words(self) -> str:
        return " ".join(self.rng.choice(self.WORDS) for _ in range(self.rng.randint(1, 3)))

    def scalar(self) -> str:
        text, roll = self.words(), self.rng.random()
        if roll < 0.3:
            return "'" + text.replace("'", "''") + "'"
        if roll < 0.5:
            return '"' + text.replace("\\", "").replace('"', '\\"') + '"'
        return text

    def block(self, indent: int) -> str:
        lines = [
            self.rng.choice(["", " " * self.rng.randint(0, indent + 3)])
            if self.rng.random() < 0.3
            else " " * (indent + 2 + self.rng.choice([0, 0, 1, 2])) + self.words()
            for _ in range(self.rng.randint(0, 4))
        ]
        head = self.rng.choice(["|", ">", "|-", ">-", "|+", ">+", "|2", ">1"])
        return head + "\n" + "\n".join(lines)

    def value(self, indent: int, depth: int) -> str:
        roll, pad = self.rng.random(), " " * (indent + 2)
        items = [self.scalar() for _ in range(self.rng.randint(0, 3))]
        if depth > 2 or roll < 0.45:
            return " " + self.scalar()
        if roll < 0.55:
            return " " + self.block(indent)
        if roll < 0.6:
            return " [" + ", ".join(items) + "]"
        if roll < 0.65:
            return " [" + (",\n" + pad).join(items) + "]"
        if roll < 0.72:
            return " {" + ", ".join(f"{self.scalar()}: {i}" for i in items) + "}"
        if roll < 0.86:
            return "\n" + self.mapping(indent + 2, depth + 1)
        return "\n" + "\n".join(
            " " * indent + "-" + self.value(indent + 2, depth + 1)
            for _ in range(self.rng.randint(1, 3))
        )

    def mapping(self, indent: int, depth: int) -> str:
        lines = []
        for number in range(self.rng.randint(1, 4)):
            key = self.rng.choice(["id", "a", "title", "yes", "1", f"k{number}"])
            value = self.value(indent, depth)
            if self.rng.random() < 0.1 and not value.startswith("\n"):
                value = f" &a{number}{value}"
            elif self.rng.random() < 0.05:
                value = " *a0"
            lines.append(" " * indent + key + ":" + value)
        return "\n".join(lines)

    def document(self) -> str:
        text = self.mapping(0, 0) + self.rng.choice(["\n", "", "\n\n", "\n  \n"])
        return text.replace("\n", "\r\n") if self.rng.random() < 0.2 else text


def test_random_documents_mean_the_same_both_ways() -> None:
    generator = RandomYaml(seed=20261121)
    accepted = sum(assert_same_meaning(generator.document()) for _ in range(5000))
    assert accepted > 100  # the fast path was taken often enough to have been tested


def deck_files() -> list[Path]:
    return sorted(
        itertools.chain((ROOT / "decks").rglob("*.yaml"), (ROOT / "tests" / "data").rglob("*.y*ml"))
    )


@pytest.mark.parametrize("path", deck_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_deck_file_we_ship_or_test_means_the_same_both_ways(path: Path) -> None:
    text = path.read_bytes().decode("utf-8", errors="replace")
    assert_same_meaning(text)


def test_large_plain_decks_take_the_fast_path_and_small_ones_or_aliases_do_not() -> None:
    head = 'id: plain\ntitle: Plain words\nversion: "1.0"\n'
    small_text = head + "note: a few plain words\n"
    assert fast_load(small_text)[0]  # the reader vouches for it ...
    small, _ = parse(small_text, "small.yaml")
    assert small is not None
    assert small._root is not None  # ... but a small file is composed by PyYAML at once
    large_text = head + "".join(f"x{i}: padding line {i}\n" for i in range(10_000))
    assert len(large_text) >= FAST_FROM
    large, _ = parse(large_text, "large.yaml")
    assert large is not None
    assert large._root is None  # fast: the node tree waits until a position is asked for
    aliased = large_text + "y: &y [1]\nz: *y\n"
    assert not fast_load(aliased)[0]


def test_problem_in_a_fast_read_file_is_placed_at_its_line(tmp_path: Path) -> None:
    deck = tmp_path / "d.yaml"
    deck.write_text(
        "id: d\ntitle: D\nversion: '1'\nfacts:\n"
        "  - kind: microsystem\n    id: m\n    names: {english: M}\n"
        "    founder: F\n    year: '1970'\n    body_region: ear\n    map_idea: x\n"
        "    sources: [{citation: C}]\n    colour: red\n",
        encoding="utf-8",
    )
    assert fast_load(deck.read_text())[0]
    loaded, problems = read_deck(deck)
    assert loaded is None
    assert [(p.line, p.column) for p in problems] == [(13, 5)]
    assert "colour" in problems[0].message


def test_positions_asked_for_late_are_composed_with_the_collector_paused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # lint places its warnings after loading, outside the loader's pause; with the
    # collector running, composing a 10,000-fact deck took ~4 s instead of ~0.7 s
    import gc

    import studykit.content.yamlsource as yamlsource

    collector_on: list[bool] = []
    compose = yamlsource.yaml.compose

    def watched(*args: object, **kwargs: object) -> object:
        collector_on.append(gc.isenabled())
        return compose(*args, **kwargs)

    padding = "".join(f"x{i}: padding line\n" for i in range(12_000))  # a fast-path size
    located, _ = parse("id: x\ntitle: T\nversion: '1'\n" + padding, "x.yaml")
    assert located is not None
    monkeypatch.setattr(yamlsource.yaml, "compose", watched)
    assert gc.isenabled()
    assert located.root is not None
    assert collector_on == [False]
    assert gc.isenabled()


@pytest.mark.parametrize(
    "text",
    [
        "id: x\ntitle: a\n\t\nversion: '1'\n",  # a tab-only blank line
        "a:\n  - 1\n\t\n  - 2\n",
        "\ufeffid: x\ntitle: t\n",  # a BOM left after decoding (a doubled one)
        "id: x\ntitle: a\ufeffb\n",
    ],
    ids=["tab-line", "tab-in-list", "bom-start", "bom-inside"],
)
def test_tabs_and_boms_get_one_meaning(text: str) -> None:
    """yaml-rs skipped a tab-only line PyYAML refuses, and kept a BOM in the first key."""
    assert not fast_load(text)[0]
    assert_same_meaning(text)


def test_a_doubled_bom_is_dropped_like_a_single_one() -> None:
    one = decode(b"\xef\xbb\xbfid: x\n", "t.yaml")
    two = decode(b"\xef\xbb\xbf\xef\xbb\xbfid: x\n", "t.yaml")
    assert one == two == ("id: x\n", [])
