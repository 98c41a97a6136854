"""End to end: the installed `studykit quiz` in a real terminal (tmux), cards answered by
keystrokes as a student would, quit, and the answers are in the store file.

The second test answers ten cards of every kind (typed, choice, cloze, recall) and reads
the New / Learn / Due counts off the screen after each answer: they go down as in Anki.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

TMUX = shutil.which("tmux") or "/usr/bin/tmux"
COUNTS = re.compile(r"New (\d+) · Learn (\d+) · Due (\d+)")
KINDS = {
    "type the answer": "typed",
    "pick one": "choice",
    "fill the blank": "cloze",
    "recall": "basic",
}


def tmux(*args: str) -> str:
    done = subprocess.run([TMUX, *args], capture_output=True, text=True, check=True, timeout=30)
    return done.stdout


class Quiz:
    """`studykit quiz` running in a detached tmux session of 100x30."""

    def __init__(self, studykit_bin: str, home: Path, decks: list[Path]) -> None:
        self.session = f"studykit-e2e-{os.getpid()}-{time.monotonic_ns()}"
        paths = " ".join(str(deck) for deck in decks)
        command = f"STUDYKIT_HOME={home} TERM=xterm-256color {studykit_bin} quiz {paths}"
        tmux("new-session", "-d", "-s", self.session, "-x", "100", "-y", "30", command)

    def screen(self) -> str:
        return tmux("capture-pane", "-p", "-t", self.session)

    def wait_for(self, pattern: str, timeout: float = 30.0) -> str:
        """The screen, once `pattern` (a regular expression) is on it."""
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if re.search(pattern, screen):
                return screen
            time.sleep(0.05)
        raise AssertionError(f"{pattern!r} never appeared; the screen was:\n{screen}")

    def counts(self, screen: str) -> tuple[int, int, int]:
        found = COUNTS.search(screen)
        assert found, f"no counts on the screen:\n{screen}"
        new, learning, review = (int(n) for n in found.groups())
        return new, learning, review

    def send(self, *keys: str) -> None:
        tmux("send-keys", "-t", self.session, *keys)

    def quit(self, key: str = "q") -> None:
        """Press `key` and wait for the program to end."""
        self.send(key)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            alive = subprocess.run([TMUX, "has-session", "-t", self.session], capture_output=True)
            if alive.returncode != 0:
                return
            time.sleep(0.1)
        raise AssertionError(f"studykit did not quit on {key}")

    def close(self) -> None:
        subprocess.run([TMUX, "kill-session", "-t", self.session], capture_output=True, check=False)


@pytest.fixture
def quiz_in_tmux(studykit_bin: str) -> Iterator[type[Quiz]]:
    assert Path(TMUX).exists(), "tmux is needed for this test (apt-get install tmux)"
    started: list[Quiz] = []

    class Started(Quiz):
        def __init__(self, *args: object) -> None:
            super().__init__(studykit_bin, *args)  # type: ignore[arg-type]
            started.append(self)

    yield Started  # type: ignore[misc]
    for quiz in started:
        quiz.close()


def reviews(home: Path) -> list[tuple[str, int]]:
    with sqlite3.connect(home / "profiles" / "default.sqlite3") as db:
        return db.execute(
            "SELECT deck, rating FROM reviews WHERE undone_at IS NULL ORDER BY id"
        ).fetchall()


def test_three_cards_answered_in_tmux_are_in_the_store(
    quiz_in_tmux: type[Quiz], small_deck: Path, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    quiz = quiz_in_tmux(home, [small_deck])
    screen = quiz.wait_for(COUNTS.pattern)
    new, _, _ = quiz.counts(screen)
    for done in range(1, 4):
        quiz.send("Enter")  # show (or check an empty answer)
        quiz.wait_for("3 Good")
        quiz.send("3")
        screen = quiz.wait_for(f"New {new - done} ·")
    quiz.quit()
    assert "Tiny test deck" in screen
    assert reviews(home) == [("tiny", 3)] * 3


def free_cards_deck(folder: Path, kind: str) -> Path:
    """A deck of ten free cards of `kind`: answers `answer1`…, cloze words `word1`…."""
    lines = [f"id: e2e-{kind}", f"title: E2E {kind}", 'version: "1.0"', "cards:"]
    for n in range(1, 11):
        lines += [f"  - key: {kind}-{n}", f"    kind: {kind}"]
        if kind == "cloze":
            lines.append(f'    text: "Cloze sentence {n} hides {{{{c1::word{n}}}}} here."')
        else:
            lines += [f'    front: "{kind.title()} question {n}?"', f'    back: "answer{n}"']
        if kind == "choice":
            lines.append(f'    distractors: ["other{n}a", "other{n}b", "other{n}c"]')
    path = folder / f"{kind}.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def answer_the_card(quiz: Quiz, screen: str) -> str:
    """Answer the card on `screen` as a student who knows it; returns its kind."""
    label = re.search(r"E2E \w+ · \w+ · ([a-z ]+)", screen)
    assert label, f"no card on the screen:\n{screen}"
    kind = KINDS[label.group(1).strip()]
    if kind == "typed":
        number = re.search(r"Typed question (\d+)\?", screen)
        assert number, screen
        quiz.send("-l", f"answer{number.group(1)}")
        quiz.send("Enter")
        quiz.wait_for("✓ correct")
    elif kind == "choice":
        right = re.search(r"(\d)\s+answer\d+", screen)
        assert right, screen
        quiz.send(right.group(1))
        quiz.wait_for("✓ answer")
    else:
        quiz.send("Space")
    quiz.wait_for("3 Good")
    return kind


def test_ten_cards_of_every_kind_and_the_counts_go_down(
    quiz_in_tmux: type[Quiz], studykit_bin: str, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    decks = [free_cards_deck(tmp_path, kind) for kind in ("typed", "choice", "cloze", "basic")]
    limit = subprocess.run(  # the day's limit of new cards, as a student would raise it
        [studykit_bin, "settings", "new_per_day", "100"],
        env={**os.environ, "STUDYKIT_HOME": str(home)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert limit.returncode == 0, limit.stderr
    quiz = quiz_in_tmux(home, decks)
    screen = quiz.wait_for(COUNTS.pattern)
    assert quiz.counts(screen) == (40, 0, 0)
    answered: dict[str, int] = {}
    for done in range(1, 41):  # every new card, Good: it leaves New for Learn (10 min)
        kind = answer_the_card(quiz, screen)
        answered[kind] = answered.get(kind, 0) + 1
        quiz.send("3")
        screen = quiz.wait_for(f"New {40 - done} · Learn {done} ·")
    assert answered == {"typed": 10, "choice": 10, "cloze": 10, "basic": 10}
    for done in range(1, 5):  # learning cards shown ahead: Easy graduates them
        answer_the_card(quiz, screen)
        quiz.send("4")
        screen = quiz.wait_for(f"New 0 · Learn {40 - done} ·")
    quiz.quit("C-c")  # at once, even with a typed card's answer box in focus
    rows = reviews(home)
    assert len(rows) == 44
    assert sorted({deck for deck, _ in rows}) == [
        "e2e-basic",
        "e2e-choice",
        "e2e-cloze",
        "e2e-typed",
    ]
    assert [rating for _, rating in rows] == [3] * 40 + [4] * 4
