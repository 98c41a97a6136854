"""Text in terminal columns: a Chinese character takes two cells, and every table and
list lines up when a row holds one."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from studykit.columns import fit, pad
from studykit.commands.common import print_table
from studykit.study.store import DeckCounts
from studykit.tui.screens.home import counts_label


@pytest.mark.parametrize(
    ("text", "width", "shown"),
    [
        ("Motor area", 12, "Motor area  "),
        ("Motor area", 6, "Motor…"),
        ("耳中 ěr zhōng", 13, "耳中 ěr zhōng"),  # 4 + 1 + 2 + 1 + 5 cells
        ("耳中 ěr zhōng", 12, "耳中 ěr zhō…"),
        ("耳中 ěr zhōng", 6, "耳中 …"),
        ("顶颞前斜线", 6, "顶颞 …"),  # the third character would straddle the cut
        ("耳中", 1, "…"),
        ("anything", 0, ""),
    ],
)
def test_fit_gives_exactly_the_cells_asked_for(text: str, width: int, shown: str) -> None:
    assert fit(text, width) == shown
    assert cell_len(fit(text, width)) == width


def test_pad_aligns_by_cells_and_never_cuts() -> None:
    assert pad("耳中", 6) == "耳中  "
    assert pad("12", 5, right=True) == "   12"
    assert pad("顶颞前斜线", 4) == "顶颞前斜线"


def test_a_table_with_chinese_titles_lines_up(capsys: pytest.CaptureFixture[str]) -> None:
    print_table([("头针", "12", "Scalp"), ("auricular", "3", "Ear")], ("DECK", "CARDS", "TITLE"))
    lines = capsys.readouterr().out.splitlines()
    starts = {
        cell_len(line[: line.index(title)])
        for line, title in zip(lines, ("TITLE", "Scalp", "Ear"), strict=True)
    }
    assert len(starts) == 1  # the last column starts in the same cell on every line


def test_home_counts_line_up_after_a_chinese_deck_name() -> None:
    latin = counts_label("Scalp lines", DeckCounts(1, 2, 3), width=20)
    chinese = counts_label("头针 Scalp lines", DeckCounts(1, 2, 3), width=20)
    assert latin.cell_len == chinese.cell_len == 20 + 3 * 7
    long = counts_label("国际标准头针线 International Standard", DeckCounts(1, 2, 3), width=20)
    assert long.cell_len == 20 + 3 * 7
    assert long.plain.rstrip().endswith("3")
