"""`studykit lint`: warnings beyond validation, each at its file:line:column."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from studykit.authoring.lint import LintOptions, format_problem, lint_paths
from studykit.cli import main

CORPUS = Path(__file__).parent / "data" / "authoring" / "lint"
EXPECT = re.compile(r"^# expect: (\d+):(\d+): (error|warning): (.*)$")


def expectations(path: Path) -> list[tuple[int, int, str, str]]:
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = EXPECT.match(line)
        if match:
            found.append((int(match[1]), int(match[2]), match[3], match[4]))
    return found


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.yaml")), ids=lambda p: p.name)
def test_every_finding_is_reported_at_its_line_and_column(path: Path) -> None:
    expected = expectations(path)
    assert expected, f"{path.name} has no '# expect:' lines"
    problems = lint_paths([path])
    shown = "\n".join(map(format_problem, problems))
    assert len(problems) == len(expected), shown
    for line, column, severity, message in expected:
        assert any(
            (p.line, p.column, p.severity) == (line, column, severity)
            and p.message.startswith(message)
            for p in problems
        ), f"no {severity} {line}:{column}: {message}\ngot:\n{shown}"


def test_the_output_line_is_path_line_column_severity_message(
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = CORPUS / "sources_and_length.yaml"
    assert main(["lint", str(path)]) == 0
    out = capsys.readouterr()
    lines = out.out.splitlines()
    assert lines[0] == (
        f"{path}:5:5: warning: no sources: add 'sources:' so students (and you, later) "
        "can check the answer"
    )
    assert all(re.match(rf"^{re.escape(str(path))}:\d+:\d+: warning: ", line) for line in lines)
    assert "0 errors, 3 warnings" in out.err


def test_strict_turns_warnings_into_errors(capsys: pytest.CaptureFixture[str]) -> None:
    path = CORPUS / "giveaway.yaml"
    assert main(["lint", str(path)]) == 0
    relaxed = capsys.readouterr().out.splitlines()
    assert main(["lint", "--strict", str(path)]) == 2
    strict = capsys.readouterr().out.splitlines()
    assert len(strict) == len(relaxed) == 4
    assert strict == [line.replace(": warning: ", ": error: ") for line in relaxed]


def test_errors_exit_2_and_a_missing_file_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["lint", str(CORPUS / "invalid.yaml")]) == 2
    assert main(["lint", str(tmp_path / "nope.yaml")]) == 2
    out = capsys.readouterr().out
    assert f"{tmp_path / 'nope.yaml'}:1:1: error: no such file" in out


def test_a_broken_file_does_not_hide_the_warnings_of_the_others() -> None:
    problems = lint_paths([CORPUS / "invalid.yaml", CORPUS / "giveaway.yaml"])
    by_file = {Path(p.path).name for p in problems}
    assert by_file == {"invalid.yaml", "giveaway.yaml"}
    assert {p.severity for p in problems if Path(p.path).name == "giveaway.yaml"} == {"warning"}


def test_a_deck_with_a_built_in_decks_id_replaces_it_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "copy.yaml"
    path.write_text("id: evidence\ntitle: My evidence\nversion: '1'\n", encoding="utf-8")
    problems = lint_paths([path])
    assert [(p.line, p.column, p.severity) for p in problems] == [(1, 5, "warning")]
    assert "replaces the built-in deck 'evidence'" in problems[0].message
    twin = tmp_path / "twin.yaml"
    twin.write_text("id: evidence\ntitle: Twin\nversion: '1'\n", encoding="utf-8")
    problems = lint_paths([path, twin])  # two given files with one id: still an error
    assert "error" in {p.severity for p in problems}
    assert any("deck id 'evidence' is already used" in p.message for p in problems)


def test_a_replacement_without_zones_other_decks_use_breaks_them_visibly(
    tmp_path: Path,
) -> None:
    path = tmp_path / "copy.yaml"
    path.write_text("id: zhu-scalp\ntitle: Emptied\nversion: '1'\n", encoding="utf-8")
    problems = lint_paths([path])
    assert problems
    assert {p.severity for p in problems} == {"error"}
    assert all(Path(p.path).name == "conditions.yaml" for p in problems)
    assert all("deck 'zhu-scalp' has no zone" in p.message for p in problems)


def test_near_duplicates_across_two_files_name_the_other_file(tmp_path: Path) -> None:
    first, second = tmp_path / "one.yaml", tmp_path / "two.yaml"
    card = "cards:\n  - {key: k, front: '%s', back: b, sources: [{citation: X}]}\n"
    first.write_text("id: one\ntitle: One\nversion: '1'\n" + card % "How long is MS5?")
    second.write_text("id: two\ntitle: Two\nversion: '1'\n" + card % "How long is MS5 ?")
    problems = lint_paths([first, second])
    assert [(Path(p.path).name, p.line) for p in problems] == [("two.yaml", 5)]
    assert f"the card on {first}:5" in problems[0].message


def test_the_answer_length_limit_is_an_option(tmp_path: Path) -> None:
    path = tmp_path / "short.yaml"
    shutil.copy(CORPUS / "sources_and_length.yaml", path)
    messages = [p.message for p in lint_paths([path], options=LintOptions(max_answer=20))]
    assert sum("long answer" in m for m in messages) == 2  # also "About 1 cun, under the galea."
