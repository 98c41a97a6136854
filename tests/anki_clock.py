"""Run Anki on a simulated day: a child process whose clock libfaketime sets.

Anki's scheduler reads the system clock (for "today", the day cutoff and each review's
id), so a test that studies on several days runs each day's Anki work in a process
started with libfaketime preloaded, at `moment` (UTC) and ticking from there.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import libfaketime

LIBRARY = Path(libfaketime.__file__).parent / "vendor" / "libfaketime" / "src" / "libfaketime.so.1"

STUDY = """
import json, sys
from anki.collection import Collection
path, root, ratings, limit = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), int(sys.argv[4])
col = Collection(path)
col.decks.select(col.decks.id_for_name(root))
answered = []
for i in range(limit):
    card = col.sched.getCard()
    if card is None:
        break
    card.start_timer()
    col.sched.answerCard(card, ratings[i % len(ratings)])
    answered.append(card.id)
col.close()
print(json.dumps(answered))
"""


def faked_env(moment: datetime, **extra: str) -> dict[str, str]:
    """The environment of a process whose clock starts at `moment` (in UTC)."""
    return {
        **os.environ,
        "LD_PRELOAD": str(LIBRARY),
        "FAKETIME": "@" + moment.strftime("%Y-%m-%d %H:%M:%S"),
        "DONT_FAKE_MONOTONIC": "1",
        "TZ": "UTC",
        **extra,
    }


def run_at(moment: datetime, argv: list[str], **extra: str) -> subprocess.CompletedProcess[str]:
    """Run `argv` with the clock at `moment`."""
    return subprocess.run(
        argv,
        env=faked_env(moment, **extra),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def python_at(moment: datetime, script: str, *args: str) -> Any:
    """Run a Python script with the clock at `moment`; its stdout parsed as JSON."""
    done = run_at(moment, [sys.executable, "-c", script, *args])
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def study_in_anki(
    moment: datetime, collection: Path, root: str, ratings: list[int], limit: int
) -> list[int]:
    """Answer up to `limit` cards of deck `root` with Anki's scheduler at `moment`
    (ratings in turn); the Anki card ids answered."""
    result: list[int] = python_at(
        moment, STUDY, str(collection), root, json.dumps(ratings), str(limit)
    )
    return result
