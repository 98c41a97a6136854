"""`studykit map`: SVG files and terminal maps."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from studykit.cli import main


def test_map_writes_an_svg_file(tmp_path: Path) -> None:
    out = tmp_path / "ms6.svg"
    assert main(["map", "MS6", "ms7", "-o", str(out)]) == 0
    root = ET.fromstring(out.read_text(encoding="utf-8"))
    assert root.tag.endswith("svg")


def test_map_system_draws_all_its_zones(tmp_path: Path) -> None:
    out = tmp_path / "intl.svg"
    assert main(["map", "--system", "international", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "14 MS14" in text


def test_map_in_the_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["map", "ms12", "--width", "30", "--height", "10"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("MS12 Upper-middle line of occiput")
    assert len(out) == 11
    assert any("⠀" <= char <= "⣿" for line in out[1:] for char in line)


def test_map_svg_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["map", "jiao-scalp-areas:vision", "-o", "-"]) == 0
    assert ET.fromstring(capsys.readouterr().out).tag.endswith("svg")


def test_map_unknown_zone_is_invalid_input(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["map", "ms99"]) == 2
    assert "no zone 'ms99'" in capsys.readouterr().err


def test_map_without_zones_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["map"]) == 2  # invalid input
    assert "name at least one zone" in capsys.readouterr().err


def test_map_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["map", "--list", "--system", "zhu"]) == 0
    assert "zhu-scalp:upper-jiao" in capsys.readouterr().out
