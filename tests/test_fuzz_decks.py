"""A seeded fuzz test: mutated built-in decks get exit 0, or exit 2 with every problem at
`file:line:column`, never a traceback or a hang; and the fast YAML reader, whenever it
vouches for a file, reads the same data as PyYAML (one meaning per file).

The mutations are what broke studykit before (issue 16): escapes of control characters,
alias bombs and loops, bad tags, huge numbers, tabs, BOMs, deep nesting; plus random
byte, line and indentation damage. The seed is fixed, so a failure reproduces."""

from __future__ import annotations

import contextlib
import io
import random
import re
import signal
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from studykit.cli import main
from studykit.content.deckfiles import builtin_deck_paths
from studykit.content.fastyaml import fast_load
from studykit.content.yamlsource import parse

SEED = 20261202
CASES = 240
SECONDS_PER_CASE = 10
"""Far above the slowest case (~0.3 s): only a hang trips it."""
PROBLEM_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<column>\d+): \S")
SUMMARY_LINE = re.compile(r"^\d+ problems? in \d+ files?$")

HOSTILE_SNIPPETS = (
    '"\\e]52;c;aGVsbG8=\\a"',
    '"\\x9b2J"',
    '"tab\\there"',
    "&a [*a]",
    "!!float x",
    "!!int x",
    "!!bool maybe",
    "!!python/object/apply:os.system ['true']",
    "9" * 4400,
    "[" * 300 + "]" * 300,
    "{a: &b [x, x, x], c: [*b, *b, *b]}",
    "\t",
    "\ufeff",
    "<<: {a: 1}",
    "? [a, b]\n: c",
    "*undefined",
    "'unclosed",
    "- - - -",
    "\u2028",
    "1e400",
    "0x1F",
    "yes",
    "~",
)


def bomb(levels: int) -> str:
    lines = ["b0: &b0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"b{i}: &b{i} [{', '.join([f'*b{i - 1}'] * 9)}]" for i in range(1, levels)]
    return "\n".join(lines)


def mutate(text: str, rng: random.Random) -> str:
    """One to three damages of `text`, each picked at random."""
    lines = text.split("\n")
    for _ in range(rng.randint(1, 3)):
        at = rng.randrange(len(lines))
        kind = rng.randrange(9)
        if kind == 0:  # a hostile value after a key of this line
            key, colon, _ = lines[at].partition(":")
            lines[at] = f"{key}{colon or ':'} {rng.choice(HOSTILE_SNIPPETS)}"
        elif kind == 1:  # a hostile line somewhere
            lines.insert(at, rng.choice(HOSTILE_SNIPPETS))
        elif kind == 2:  # a line removed or repeated
            if rng.random() < 0.5:
                del lines[at]
            else:
                lines.insert(at, lines[at])
        elif kind == 3:  # indentation changed
            lines[at] = " " * rng.randrange(6) + lines[at].lstrip()
        elif kind == 4:  # random characters in a line
            line = lines[at]
            spot = rng.randrange(len(line) + 1)
            noise = "".join(
                chr(
                    rng.choice(
                        [
                            rng.randrange(0x20),
                            rng.randrange(0x80, 0xA0),
                            rng.randrange(0x20, 0x7F),
                            0x2028,
                            0xFEFF,
                        ]
                    )
                )
                for _ in range(rng.randint(1, 4))
            )
            lines[at] = line[:spot] + noise + line[spot:]
        elif kind == 5:  # an alias bomb under an unknown key
            lines.insert(at if lines[at][:1] not in (" ", "-") else 0, bomb(rng.randint(3, 9)))
        elif kind == 6:  # the file cut short
            lines = lines[: at + 1]
            lines[-1] = lines[-1][: rng.randrange(len(lines[-1]) + 1)]
        elif kind == 7:  # a value doubled into a colliding indication
            if "indications:" in lines[at]:
                lines[at] = lines[at].replace("[", "[Motor aphasia, motor-aphasia, ", 1)
            else:
                lines.insert(at, "")
        else:  # a BOM, or two, at the start
            lines[0] = "\ufeff" * rng.randint(1, 2) + lines[0]
    return "\n".join(lines)


@contextlib.contextmanager
def deadline(seconds: int) -> Iterator[None]:
    def hung(signum: int, frame: object) -> None:
        raise TimeoutError(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


def cases() -> Iterator[tuple[int, str, str]]:
    rng = random.Random(SEED)
    sources = [  # renamed, so as not to clash with the built-in deck of the same id
        (p.name, re.sub(r"^id: ", "id: fuzz-", p.read_text(encoding="utf-8"), count=1, flags=re.M))
        for p in builtin_deck_paths()
    ]
    for number in range(CASES):
        name, text = rng.choice(sources)
        yield number, name, mutate(text, rng)


def check_case(tmp_path: Path, number: int, name: str, text: str) -> int:
    path = tmp_path / f"case-{number:03d}-{name}"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    with deadline(SECONDS_PER_CASE):
        code, _, err = run(["validate", str(path)])
    assert "Traceback" not in err, f"case {number}: {err}"
    assert code in (0, 2), f"case {number} ({name}): exit {code}\n{err}"
    if code == 2:
        lines = err.splitlines()
        assert lines, f"case {number}: exit 2 without a word"
        for line in lines[:-1]:
            assert PROBLEM_LINE.match(line), f"case {number}: not file:line:column: {line!r}"
        assert SUMMARY_LINE.match(lines[-1]), lines[-1]
    assert "\x1b" not in err, f"case {number}: an escape reached the terminal"
    return code


def same_meaning(text: str) -> None:
    """Read with the fast reader allowed or not, a text has one meaning: the same data,
    the same problems."""
    fast, fast_problems = parse(text, "fuzz.yaml", fast=True)
    slow, slow_problems = parse(text, "fuzz.yaml", fast=False)
    assert [str(p) for p in fast_problems] == [str(p) for p in slow_problems]
    assert (fast is None) == (slow is None)
    if fast is not None and slow is not None:
        assert repr(fast.data) == repr(slow.data)  # repr: NaN is not equal to itself
    vouched, data = fast_load(text)  # the fast reader itself, whatever the file's size
    if vouched and slow is not None:
        assert not slow_problems
        assert repr(data) == repr(slow.data)


def test_mutated_decks_get_file_line_column_or_pass(tmp_path: Path) -> None:
    outcomes = {0: 0, 2: 0}
    for number, name, text in cases():
        outcomes[check_case(tmp_path, number, name, text)] += 1
        same_meaning(text)
        (tmp_path / f"case-{number:03d}-{name}").unlink()
    assert outcomes[2] > CASES // 2  # the mutations really break decks ...
    assert outcomes[0] > 0  # ... and some leave them valid


@pytest.mark.parametrize("snippet", HOSTILE_SNIPPETS, ids=lambda s: repr(s[:12]))
def test_every_hostile_snippet_as_a_title(tmp_path: Path, snippet: str) -> None:
    text = f'id: hostile\ntitle: {snippet}\nversion: "1"\n'
    check_case(tmp_path, 0, "hostile.yaml", text)
    same_meaning(text)


def test_the_mutator_is_seeded() -> None:
    first: Callable[[], list[str]] = lambda: [text for _, _, text in cases()][:5]  # noqa: E731
    assert first() == first()
