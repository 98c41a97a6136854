"""End to end: the installed `studykit quiz` in a real terminal (tmux), three cards
answered by keystrokes, quit, and the answers are in the store file."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import time
from pathlib import Path

TMUX = shutil.which("tmux") or "/usr/bin/tmux"


def tmux(*args: str) -> str:
    done = subprocess.run([TMUX, *args], capture_output=True, text=True, check=True, timeout=30)
    return done.stdout


def wait_for(session: str, text: str, timeout: float = 30.0) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = tmux("capture-pane", "-p", "-t", session)
        if text in screen:
            return screen
        time.sleep(0.1)
    raise AssertionError(f"{text!r} never appeared; the screen was:\n{screen}")


def test_three_cards_answered_in_tmux_are_in_the_store(
    studykit_bin: str, small_deck: Path, tmp_path: Path
) -> None:
    assert Path(TMUX).exists(), "tmux is needed for this test (apt-get install tmux)"
    home = tmp_path / "home"
    session = f"studykit-e2e-{os.getpid()}"
    command = f"STUDYKIT_HOME={home} TERM=xterm-256color {studykit_bin} quiz {small_deck}"
    tmux("new-session", "-d", "-s", session, "-x", "100", "-y", "30", command)
    try:
        for done in range(3):
            screen = wait_for(session, f"{done} done")
            tmux("send-keys", "-t", session, "Enter")  # show (or check an empty answer)
            wait_for(session, "3 Good")
            tmux("send-keys", "-t", session, "3")
        wait_for(session, "3 done")
        tmux("send-keys", "-t", session, "q")
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            alive = subprocess.run([TMUX, "has-session", "-t", session], capture_output=True)
            if alive.returncode != 0:
                break
            time.sleep(0.1)
        else:
            raise AssertionError("studykit did not quit on q")
    finally:
        subprocess.run([TMUX, "kill-session", "-t", session], capture_output=True, check=False)
    assert "Tiny test deck" in screen
    store = home / "profiles" / "default.sqlite3"
    with sqlite3.connect(store) as db:
        rows = db.execute(
            "SELECT deck, rating FROM reviews WHERE undone_at IS NULL ORDER BY id"
        ).fetchall()
    assert rows == [("tiny", 3)] * 3
