"""Quiz start-up and key latency on a real pseudo-terminal, against a minimal Textual app.

Prints, from one run:
- process start → first card drawn, for `studykit quiz` (warm: store and card cache
  exist, the everyday case; and once cold) and for a minimal Textual app that draws one
  line, taken in turns; the ratio quiz / minimal is the figure (issue 20: <= 1.3x),
  with the settings a new student starts with, and again at 500 new cards a day (the
  first card's plan then reads every new card of the day);
- key byte → screen redrawn: `enter` → answer shown, and `3` (Good) → next card drawn,
  beside the same key → redraw in the minimal app (a key that rewrites its line): the
  floor any Textual app pays on this machine, measured in the same run, in turns with
  the quiz (this machine's timings drift by a third from one minute to the next);
  the next card also by the kind of card drawn (recall, typed, choice, cloze) and by the
  step (the kind answered, then the kind drawn: recall -> recall ...), since the kinds
  cost differently and two versions' decks do not mix them alike;
- with `--against PYTHON`, the same keys in another install of studykit (an older
  checkout's virtual environment, say), taken in turns with this one: "no worse than
  before" is then a comparison from one run, kind by kind.

Run: .venv/bin/python bench/tui.py [--runs N] [--cards N] [--turns N] [--against PYTHON]
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import re
import select
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Callable
from pathlib import Path

COLUMNS, LINES = 100, 30
ANSI = re.compile(
    rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>78]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)"
)
SYNC_QUERY, SYNC_SUPPORTED = b"\x1b[?2026$p", b"\x1b[?2026;2$y"
SYNC_START, SYNC_END = b"\x1b[?2026h", b"\x1b[?2026l"
"""Synchronized output: the program asks, the terminal answers, frames are marked."""
MINIMAL_APP = """
from textual.app import App
from textual.widgets import Static

class Minimal(App):
    def compose(self):
        yield Static("minimal-first-line")

Minimal().run()
"""
MINIMAL_KEYS_APP = """
from textual.app import App
from textual.widgets import Static

class Minimal(App):
    BINDINGS = [("3", "next", "Next")]
    count = 0

    def compose(self):
        yield Static("minimal-first-line", id="line")

    def action_next(self):
        self.count += 1
        self.query_one("#line", Static).update(f"minimal-key {self.count} done")

Minimal().run()
"""


class Terminal:
    """A child process on a pty of COLUMNS x LINES; its output is searched without escapes."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            argv,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            close_fds=True,
            start_new_session=True,
        )
        os.close(slave)
        self.master = master
        self.text = b""

    def wait_for(self, needle: bytes | tuple[bytes, ...], timeout: float = 20.0) -> float:
        """Read until `needle` (or one of several) appears in the text written after the
        last `send`, and the frame it is in has been written to its end; returns the time
        it was (perf_counter). A frame is read in pieces: its first piece, with the
        session bar in it, can come well before its last."""
        deadline = time.perf_counter() + timeout
        needles = needle if isinstance(needle, tuple) else (needle,)
        while not any(one in self.text for one in needles) or self._in_frame():
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise TimeoutError(f"{needle!r} not drawn; screen text: {self.text[-600:]!r}")
            ready, _, _ = select.select([self.master], [], [], remaining)
            if ready:
                self.raw = getattr(self, "raw", b"") + self._read(needle)
                self.text = ANSI.sub(b"", self.raw)
        return time.perf_counter()

    def _read(self, needle: object = b"") -> bytes:
        """What the program wrote; a terminal's answer to its question whether frames
        can be marked (synchronized output, which the terminals students use have):
        yes. The marks then tell where a frame ends."""
        try:
            chunk = os.read(self.master, 65536)
        except OSError:
            raise TimeoutError(f"process ended before {needle!r} was drawn") from None
        if SYNC_QUERY in chunk:
            os.write(self.master, SYNC_SUPPORTED)
        return chunk

    def _in_frame(self) -> bool:
        """Whether the last frame begun has not been written to its end yet."""
        return self.raw.rfind(SYNC_START) > self.raw.rfind(SYNC_END)

    def settle(self, quiet: float = 0.05, longest: float = 1.0) -> None:
        """Wait until the program has written nothing for `quiet` seconds, as a student
        would before the next key. A fixed pause was not enough: a typed card's answer
        comes in up to three frames over ~60 ms (the answer, the box's lock, the scroll
        bar), and Textual draws at most one frame per 1/60 s, so a key pressed among
        them waited up to 16 ms for its turn, which no student's key does."""
        deadline = time.perf_counter() + longest
        while time.perf_counter() < deadline:
            if not select.select([self.master], [], [], quiet)[0]:
                return
            try:
                self._read()
            except TimeoutError:
                return

    def send(self, data: bytes) -> float:
        self.raw, self.text = b"", b""
        sent = time.perf_counter()
        os.write(self.master, data)
        return sent

    def close(self) -> None:
        """Quit with ctrl+q, Textual's quit key, which both apps take at any moment (`q`
        would be typed into a typed card's answer box). A quiz killed instead leaves its
        store without the clean-close mark, and the next start checks the whole file:
        that check would be timed as start-up."""
        try:
            os.write(self.master, b"\x11")
            deadline = time.perf_counter() + 5
            while self.process.poll() is None:  # read on: a full pty would block its exit
                if time.perf_counter() > deadline:
                    raise subprocess.TimeoutExpired(self.process.args, 5)
                if select.select([self.master], [], [], 0.05)[0]:
                    try:
                        os.read(self.master, 65536)
                    except OSError:  # the program has closed its terminal: it is ending
                        self.process.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()
            raise RuntimeError("the program did not quit on ctrl+q; it was killed") from None
        finally:
            os.close(self.master)


def environment(home: Path) -> dict[str, str]:
    """A clean environment; Python's bytecode cache goes to a folder of its own, so that,
    as in an installed package, modules are compiled by the cold run, not on every start
    (this machine sets PYTHONDONTWRITEBYTECODE, which would compile studykit each time)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("TEXTUAL") and k != "PYTHONDONTWRITEBYTECODE"
    }
    env.update(
        STUDYKIT_HOME=str(home),
        TERM="xterm-256color",
        COLUMNS=str(COLUMNS),
        LINES=str(LINES),
        PYTHONPYCACHEPREFIX=str(home / "pycache"),
    )
    return env


def time_minimal(python: str, env: dict[str, str]) -> float:
    term = Terminal([python, "-c", MINIMAL_APP], env)
    try:
        return term.wait_for(b"minimal-first-line") - term.started
    finally:
        term.close()


COUNTS = re.compile(rb"New (\d+) \xc2\xb7 Learn ")
"""The session bar's counts (New · Learn · Due): drawn with the first card."""
FIRST_CARD = (b" \xc2\xb7 Learn ", b" left ")
"""The session bar, drawn with the first card (older versions': "N done · M left")."""


def time_quiz(studykit: str, env: dict[str, str]) -> float:
    term = Terminal([studykit, "quiz"], env)
    try:
        return term.wait_for(FIRST_CARD) - term.started
    finally:
        term.close()


def time_minimal_keys(python: str, env: dict[str, str], keys: int) -> list[float]:
    """Press 3 `keys` times in the minimal app, each rewriting its line. Milliseconds each."""
    times = []
    term = Terminal([python, "-c", MINIMAL_KEYS_APP], env)
    try:
        term.wait_for(b"minimal-first-line")
        time.sleep(0.3)
        for done in range(1, keys + 1):
            term.settle()
            sent = term.send(b"3")
            times.append((term.wait_for(f"minimal-key {done} done".encode()) - sent) * 1000)
    finally:
        term.close()
    return times


KINDS = {
    "recall": "recall",
    "type the answer": "typed",
    "pick one": "choice",
    "fill the blank": "cloze",
}
"""The kinds' labels on screen, and their names here."""
KIND = re.compile(
    rb"\xc2\xb7 (?:new|learning|relearning|review) \xc2\xb7 (" + "|".join(KINDS).encode() + rb")"
)
"""The card's kind, as its first line names it (`deck · state · kind`)."""
OLD_COUNTS = re.compile(rb"(\d+) done \xc2\xb7 \d+ left")
"""The session bar of versions before the new / learning / due counts (d6aa62f)."""
Step = tuple[str, str, float]
"""A next card timed: the kind of the card answered, of the card drawn, milliseconds."""


def kind_shown(text: bytes) -> str:
    """The kind of the card whose first line is in `text` ("?" if it is not)."""
    found = KIND.search(text)
    return KINDS[found.group(1).decode()] if found else "?"


def time_keys(studykit: str, env: dict[str, str], cards: int) -> tuple[list[float], list[Step]]:
    """Answer `cards` cards: enter (show / check), then 3 (Good). Milliseconds each; the
    next card's with the kinds of the card answered and of the card drawn. A card counts
    as drawn when the session bar says one more is done: one new card less (or, in older
    versions, "N done")."""
    reveal: list[float] = []
    rate: list[Step] = []
    term = Terminal([studykit, "quiz"], env)
    try:
        term.wait_for(FIRST_CARD)
        time.sleep(0.3)  # the whole first screen, counts included
        found, old = COUNTS.search(term.text), OLD_COUNTS.search(term.text)
        assert found or old, term.text[-600:]
        answered = kind_shown(term.text)
        for done in range(1, cards + 1):
            term.settle()
            sent = term.send(b"\r")
            reveal.append((term.wait_for(b"3 Good") - sent) * 1000)
            term.settle()
            sent = term.send(b"3")  # a new card, Good: the New count goes down by one
            needle = f"New {int(found.group(1)) - done} ·" if found else f" {done} done ·"
            drawn = term.wait_for(needle.encode())
            rate.append((answered, answered := kind_shown(term.text), (drawn - sent) * 1000))
    finally:
        term.close()
    return reveal, rate


def grouped(rate: list[Step], key: Callable[[Step], str], most: int = 4) -> str:
    """Median next card per group, the `most` most frequent groups."""
    groups: dict[str, list[float]] = {}
    for step in rate:
        groups.setdefault(key(step), []).append(step[2])
    frequent = sorted(groups.items(), key=lambda item: -len(item[1]))[:most]
    return ", ".join(f"{name} {statistics.median(ms):.1f} ms ({len(ms)})" for name, ms in frequent)


def key_rows(reveal: list[float], rate: list[Step], floor: float) -> list[str]:
    """Median and worst of each key; the next card also by the kind of card drawn, and
    by the step (a kind of card answered, then a kind drawn), so that versions that mix
    their cards differently are compared like with like."""
    shown, drawn = statistics.median(reveal), statistics.median(ms for _, _, ms in rate)
    return [
        f"  enter -> answer shown            {shown:5.1f} ms  "
        f"{max(reveal):5.1f} ms   = floor + {shown - floor:.1f} ms",
        f"  3 (Good) -> next card drawn      {drawn:5.1f} ms  "
        f"{max(ms for _, _, ms in rate):5.1f} ms   = floor + {drawn - floor:.1f} ms",
        f"    by the kind of card drawn: {grouped(rate, lambda step: step[1])}",
        f"    by the step: {grouped(rate, lambda step: f'{step[0]} -> {step[1]}')}",
    ]


def studykit_beside(python: str) -> str:
    """The `studykit` command installed beside an interpreter."""
    return shutil.which("studykit", path=str(Path(python).parent)) or "studykit"


def paired(quiz: list[float], minimal: list[float]) -> str:
    """The ratio run by run: each quiz start over the minimal app's start just before it.
    Taken a second apart, the two share the machine's speed of the moment, which drifts
    by a third from one minute to the next; the spread says how far one run can be off."""
    ratios = sorted(q / m for q, m in zip(quiz, minimal, strict=True))
    low, _, high = statistics.quantiles(ratios, n=4)
    return (
        f"run by run: median {statistics.median(ratios):.2f}x, "
        f"quartiles {low:.2f}x-{high:.2f}x, worst {ratios[-1]:.2f}x"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11, help="start-ups of each app (median)")
    parser.add_argument("--cards", type=int, default=20, help="cards answered per turn")
    parser.add_argument("--turns", type=int, default=3, help="key-latency turns of each app")
    parser.add_argument(
        "--against",
        metavar="PYTHON",
        help="another install's python (e.g. an older checkout's .venv/bin/python): its "
        "keys are timed in turns with this install's",
    )
    args = parser.parse_args()
    python = sys.executable
    studykit = studykit_beside(python)
    with tempfile.TemporaryDirectory(prefix="studykit-bench-") as tmp:
        env = environment(Path(tmp))
        cold = time_quiz(studykit, env)  # creates the store and the card cache
        minimal, quiz, minimal_500, quiz_500 = [], [], [], []
        for _ in range(args.runs):  # the settings a new student starts with
            minimal.append(time_minimal(python, env))
            quiz.append(time_quiz(studykit, env))
        # new cards for every answer timed (the day's limit is for all decks together)
        subprocess.run(
            [studykit, "settings", "new_per_day", "500"], env=env, check=True, capture_output=True
        )
        for _ in range(args.runs):  # the same, at the limit the key latency is timed with
            minimal_500.append(time_minimal(python, env))  # its own baseline: the machine
            quiz_500.append(time_quiz(studykit, env))  # drifts from one minute to the next
        reveal, rate, floor = [], [], []
        other_reveal: list[float] = []
        other_rate: list[Step] = []
        if args.against:
            other = studykit_beside(args.against)
            other_env = environment(Path(tmp) / "against")
            subprocess.run(  # older versions have no such setting: then their own limit
                [other, "settings", "new_per_day", "500"], env=other_env, capture_output=True
            )
            time_quiz(other, other_env)  # its store and card cache
        for _ in range(args.turns):  # a session per turn, after the minimal app's
            floor += time_minimal_keys(python, env, args.cards)
            turn_reveal, turn_rate = time_keys(studykit, env, args.cards)
            reveal += turn_reveal
            rate += turn_rate
            if args.against:  # in turns, so that both share the machine's speed
                turn_reveal, turn_rate = time_keys(other, other_env, args.cards)
                other_reveal += turn_reveal
                other_rate += turn_rate
    m, q = statistics.median(minimal), statistics.median(quiz)
    m500, q500 = statistics.median(minimal_500), statistics.median(quiz_500)
    f = statistics.median(floor)
    rows = [
        f"start-up to first paint on a {COLUMNS}x{LINES} pty, median of {args.runs} runs each:",
        f"  minimal Textual app (one line)   {m * 1000:7.0f} ms  ({len(minimal)} runs)",
        f"  studykit quiz, first card        {q * 1000:7.0f} ms  (cold {cold * 1000:.0f} ms)",
        f"  ratio quiz / minimal             {q / m:7.2f}x   (issue 20: <= 1.3x)",
        f"    {paired(quiz, minimal)}",
        f"  the same, 500 new cards a day    {q500 * 1000:7.0f} ms  {q500 / m500:5.2f}x"
        f"  (minimal {m500 * 1000:.0f} ms in the same turns)",
        f"    {paired(quiz_500, minimal_500)}",
        f"key byte -> screen drawn, {len(rate)} cards in {args.turns} turns (median, max):",
        f"  minimal app, key -> line redrawn {f:5.1f} ms  {max(floor):5.1f} ms   (the floor)",
        *key_rows(reveal, rate, f),
    ]
    if args.against:
        rows += [
            f"the same keys in {args.against}, in turns with this install's:",
            *key_rows(other_reveal, other_rate, f),
        ]
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
