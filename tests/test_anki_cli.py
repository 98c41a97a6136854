"""`studykit export` from the command line, and the export's building blocks."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from studykit.anki import ExportError, LockFileError, export_package, note_guid, read_lock
from studykit.anki.export import deck_name, note_tags, to_html
from studykit.commands.export import _ProgressBar
from studykit.content.cards import Card
from studykit.content.generate import generate_cards
from studykit.content.loader import load_decks

Run = Callable[..., subprocess.CompletedProcess[str]]


def test_export_writes_package_and_lock_and_reports_counts(
    run_cli: Run, small_deck: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out" / "tiny.apkg"
    out.parent.mkdir()
    cards = generate_cards([d.deck for d in load_decks([small_deck], with_builtins=False)])

    first = run_cli("export", str(small_deck), "-o", str(out))
    second = run_cli("export", str(small_deck), "-o", str(out))

    assert first.returncode == 0, first.stderr
    assert (
        f"{len(cards)} notes in 1 deck ({len(cards)} new, 0 changed, 0 unchanged)" in first.stdout
    )
    assert "(0 new, 0 changed, " + f"{len(cards)} unchanged)" in second.stdout
    assert first.stderr == second.stderr == ""  # no progress bar when stderr is not a TTY
    assert sorted(p.name for p in out.parent.iterdir()) == ["tiny.apkg", "tiny.apkg.lock.json"]
    assert set(read_lock(out.parent / "tiny.apkg.lock.json")) == {card.id for card in cards}


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["no-such-deck"], 2, "no deck named 'no-such-deck'"),
        ([], 2, "name at least one deck"),
        (["{deck}", "-o", "{tmp}/missing/x.apkg"], 1, "the folder {tmp}/missing does not exist"),
        (["{deck}", "-o", "{tmp}"], 2, "must end in .apkg"),
        (["{deck}", "-o", "{tmp}/folder.apkg"], 1, "it is a folder"),
    ],
)
def test_export_errors_are_clear_and_have_exit_codes(
    run_cli: Run,
    small_deck: Path,
    tmp_path: Path,
    args: list[str],
    code: int,
    message: str,
) -> None:
    (tmp_path / "folder.apkg").mkdir()
    if "-o" not in args:
        args = [*args, "-o", str(tmp_path / "x.apkg")]
    filled = [a.format(deck=small_deck, tmp=tmp_path) for a in args]

    result = run_cli("export", *filled)

    assert result.returncode == code
    assert message.format(tmp=tmp_path) in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "x.apkg").exists()


def test_a_broken_lock_file_stops_the_export_and_keeps_the_package(
    run_cli: Run, small_deck: Path, tmp_path: Path
) -> None:
    out = tmp_path / "tiny.apkg"
    assert run_cli("export", str(small_deck), "-o", str(out)).returncode == 0
    package = out.read_bytes()
    lock = tmp_path / "tiny.apkg.lock.json"
    lock.write_text('{"format": 1, "notes": {"x": [1, 2]}}', encoding="utf-8")

    result = run_cli("export", str(small_deck), "-o", str(out))

    assert result.returncode == 2
    assert "is not a valid studykit lock file" in result.stderr
    assert "Traceback" not in result.stderr
    assert out.read_bytes() == package
    with pytest.raises(LockFileError):
        read_lock(lock)


def test_genanki_is_imported_only_when_exporting() -> None:
    code = (
        "import sys\n"
        "from studykit.cli import build_parser\n"
        "import studykit.anki\n"
        "build_parser()\n"
        "print('genanki' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_progress_is_reported_up_to_the_total(small_deck: Path, tmp_path: Path) -> None:
    decks = [d.deck for d in load_decks([small_deck], with_builtins=False)]
    cards = generate_cards(decks)
    calls: list[tuple[int, int]] = []

    export_package(tmp_path / "t.apkg", decks, cards, now=1e9, progress=lambda *a: calls.append(a))

    assert calls[0] == (0, len(cards))
    assert calls[-1] == (len(cards), len(cards))
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


def test_progress_bar_draws_one_line_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    bar = _ProgressBar()
    for done in range(0, 10_001, 500):
        bar(done, 10_000)
    bar.done()
    err = capsys.readouterr().err
    assert err.endswith(f"[{'#' * 30}] 10000/10000\n")
    assert err.count("\n") == 1
    assert err.count("\r") == 21


def test_guid_follows_the_stable_id_not_the_text(small_deck: Path) -> None:
    cards = generate_cards([d.deck for d in load_decks([small_deck], with_builtins=False)])
    card = cards[0]
    edited = dataclasses.replace(card, front=card.front + " (edited)", back="other")
    other = Card(id=card.id + "x", deck=card.deck, fact=card.fact, direction="x",
                 kind="basic", front=card.front, back=card.back)  # fmt: skip

    assert note_guid(edited) == note_guid(card)
    assert note_guid(other) != note_guid(card)
    assert len({note_guid(c) for c in cards}) == len(cards)


def test_text_becomes_safe_html_and_tags_have_no_spaces() -> None:
    assert to_html('<b onclick="x">A & B</b>\nline 2') == (
        '&lt;b onclick="x"&gt;A &amp; B&lt;/b&gt;<br>line 2'
    )
    assert to_html("顶中线 dǐng zhōng xiàn 🌙") == "顶中线 dǐng zhōng xiàn 🌙"
    card = Card(id="d/f/x", deck="d", fact="f", direction="x", kind="basic", front="q",
                back="a", tags=("deck::d", "own tag"), confidence="two-sources")  # fmt: skip
    assert note_tags(card) == [
        "studykit::deck::d",
        "studykit::own_tag",
        "studykit::kind::basic",
        "studykit::confidence::two-sources",
    ]
    assert deck_name("A::B  title") == "TCM::Scalp acupuncture::A:B title"
    assert deck_name("Solo", root="") == "Solo"


def test_nothing_to_export_is_an_error_not_an_empty_package(
    small_deck: Path, tmp_path: Path
) -> None:
    decks = [d.deck for d in load_decks([small_deck], with_builtins=False)]
    with pytest.raises(ExportError, match="no cards to export") as caught:
        export_package(tmp_path / "empty.apkg", decks, [], now=1e9)
    assert caught.value.exit_code == 1
    assert list(tmp_path.glob("empty.apkg*")) == []


def test_exporting_over_a_package_without_its_lock_refuses_until_forced(
    run_cli: Run, small_deck: Path, tmp_path: Path
) -> None:
    out = tmp_path / "tiny.apkg"
    assert run_cli("export", str(small_deck), "-o", str(out)).returncode == 0
    lock = tmp_path / "tiny.apkg.lock.json"
    lock.unlink()  # lost by accident
    package = out.read_bytes()

    refused = run_cli("export", str(small_deck), "-o", str(out))
    forced = run_cli("export", str(small_deck), "-o", str(out), "--force")

    assert refused.returncode == 2
    assert f"{out} exists but its lock file {lock} does not" in refused.stderr
    assert "--force" in refused.stderr
    assert "--lock" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert forced.returncode == 0, forced.stderr
    assert lock.exists()
    assert out.read_bytes() != package  # every note got a new modification time


def test_the_lock_can_live_elsewhere_and_remembers_each_decks_anki_name(
    run_cli: Run, small_deck: Path, tmp_path: Path
) -> None:
    out = tmp_path / "build" / "tiny.apkg"
    out.parent.mkdir()
    lock = tmp_path / "decks" / "tiny.lock.json"
    lock.parent.mkdir()
    first = run_cli("export", str(small_deck), "-o", str(out), "--lock", str(lock))
    assert first.returncode == 0, first.stderr
    assert f"Lock file: {lock}" in first.stdout
    assert not (out.parent / "tiny.apkg.lock.json").exists()
    assert json.loads(lock.read_text(encoding="utf-8"))["decks"] == {
        "tiny": "TCM::Scalp acupuncture::Tiny test deck"
    }

    small_deck.write_text(
        small_deck.read_text(encoding="utf-8").replace("Tiny test deck", "Tiny deck, revised"),
        encoding="utf-8",
    )
    retitled = run_cli("export", str(small_deck), "-o", str(out), "--lock", str(lock))

    assert retitled.returncode == 0, retitled.stderr
    assert "(0 new, 0 changed," in retitled.stdout
    assert (
        "keeps its Anki name 'TCM::Scalp acupuncture::Tiny test deck' (its title now gives "
        "'TCM::Scalp acupuncture::Tiny deck, revised')"
    ) in retitled.stderr
    with zipfile.ZipFile(out) as package, tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "c.anki2"
        database.write_bytes(package.read("collection.anki2"))
        connection = sqlite3.connect(database)
        (decks,) = connection.execute("SELECT decks FROM col").fetchone()
        connection.close()
    names = {deck["name"] for deck in json.loads(decks).values()}
    assert "TCM::Scalp acupuncture::Tiny test deck" in names
    assert "TCM::Scalp acupuncture::Tiny deck, revised" not in names


def test_a_removed_fact_is_reported_as_withdrawn(
    run_cli: Run, small_deck: Path, tmp_path: Path
) -> None:
    out = tmp_path / "tiny.apkg"
    assert run_cli("export", str(small_deck), "-o", str(out)).returncode == 0
    text = small_deck.read_text(encoding="utf-8")
    start = text.index("  - kind: zone\n    id: ms8")
    end = text.index("  - kind: zone\n    id: ms9")
    small_deck.write_text(text[:start] + text[end:], encoding="utf-8")

    result = run_cli("export", str(small_deck), "-o", str(out))

    assert result.returncode == 0, result.stderr
    withdrawn = [k for k, e in read_lock(tmp_path / "tiny.apkg.lock.json").items() if e.withdrawn]
    assert withdrawn
    assert all(key.startswith("tiny/ms8/") for key in withdrawn)
    assert f"{len(withdrawn)} withdrawn ({len(withdrawn)} newly)" in result.stdout
    assert "tag:studykit::withdrawn" in result.stderr


def test_a_format_1_lock_is_read_and_upgraded(small_deck: Path, tmp_path: Path) -> None:
    decks = [d.deck for d in load_decks([small_deck], with_builtins=False)]
    cards = generate_cards(decks)
    out = tmp_path / "tiny.apkg"
    export_package(out, decks, cards, now=1e9)
    lock = tmp_path / "tiny.apkg.lock.json"
    current = read_lock(lock)
    old = {key: [e.hash, e.note_id, e.mod, e.version] for key, e in current.items()}
    lock.write_text(json.dumps({"format": 1, "notes": old}), encoding="utf-8")

    again = export_package(out, decks, cards, now=2e9)

    assert (again.added, again.changed) == (0, 0)
    assert read_lock(lock) == current  # kinds and questions filled in, nothing else moved
