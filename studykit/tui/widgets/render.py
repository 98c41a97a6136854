"""Card text → Rich `Text`. Card text is plain text from deck files: it is never parsed
as markup, so a fact containing `[bold]` or `[link=...]` shows exactly as written."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text

from studykit.content.cards import Card

if TYPE_CHECKING:
    from studykit.study.answer_check import AnswerCheck

CLOZE = re.compile(r"\{\{c\d+::(.*?)(?:::[^}]*)?\}\}", re.DOTALL)
BLANK = "[...]"
KIND_LABELS = {
    "basic": "recall",
    "typed": "type the answer",
    "choice": "pick one",
    "cloze": "fill the blank",
}


def front_text(card: Card) -> Text:
    """The question; a cloze blank is highlighted."""
    text = Text(card.front, style="bold")
    if card.kind == "cloze":
        text.highlight_words([BLANK], "reverse")
    return text


def back_text(card: Card) -> Text:
    """The answer; on a cloze card the deleted words are highlighted in the whole sentence."""
    if card.kind != "cloze" or not card.cloze:
        return Text(card.back)
    text = Text()
    position = 0
    for match in CLOZE.finditer(card.cloze):
        text.append(card.cloze[position : match.start()])
        text.append(match.group(1), style="bold underline")
        position = match.end()
    text.append(card.cloze[position:])
    return text


def notes_text(card: Card) -> Text:
    """Source (why this is true) and notes, dimmed below the answer."""
    text = Text(style="dim")
    if card.extra:
        text.append(card.extra + "\n")
    if card.source:
        text.append("Source: ", style="bold")
        text.append(card.source)
    return text


def choices_text(card: Card, picked: int | None = None, revealed: bool = False) -> Text:
    """The options numbered 1-4; once revealed the right one is marked (and a wrong pick)."""
    text = Text()
    right = set(card.answers)
    for number, option in enumerate(card.choices, start=1):
        is_right = option in right
        mark, style = "  ", ""
        if revealed and is_right:
            mark, style = "✓ ", "bold green"
        elif revealed and picked == number:
            mark, style = "✗ ", "red strike"
        elif picked == number:
            style = "reverse"
        if number > 1:
            text.append("\n")
        text.append(f" {number} ", style="bold reverse")
        text.append(f" {mark}")
        text.append(option, style=style)
    return text


def check_text(check: AnswerCheck) -> Text:
    """What was typed against what was expected, with the differences marked."""
    verdicts = {
        "correct": ("✓ correct", "bold green"),
        "close": ("≈ almost", "bold yellow"),
        "wrong": ("✗ not it", "bold red"),
        "empty": ("nothing typed", "bold red"),
    }
    label, style = verdicts[check.verdict]
    text = Text(label, style=style)
    if check.verdict == "wrong":
        text.append("   you typed ")
        text.append(check.typed.strip(), style="red")
    elif check.segments:
        text.append("   ")
        for segment in check.segments:
            if segment.kind == "same":
                text.append(segment.text)
            elif segment.kind == "extra":
                text.append(segment.text, style="red strike")
            elif segment.kind == "missing":
                text.append(segment.text, style="green underline")
            else:
                text.append(segment.text, style="red strike")
                text.append(segment.expected, style="green underline")
    if check.notes:
        text.append("   (" + "; ".join(check.notes) + ")", style="dim")
    return text


def bar_chart(values: Sequence[int], labels: tuple[str, str], height: int = 5) -> Text:
    """A small column chart drawn with block characters, with its maximum and the ends of
    its time axis labelled (readable at 80 columns without a plotting library)."""
    blocks = " ▁▂▃▄▅▆▇█"
    peak = max(values, default=0)
    text = Text()
    scaled = [value / peak * height if peak else 0 for value in values]
    for row in range(height, 0, -1):
        text.append(f"{peak if row == height else '':>5} │", style="dim")
        for value, level in zip(values, scaled, strict=True):
            fill = max(0.0, min(1.0, level - (row - 1)))
            char = blocks[round(fill * 8)] if value else " "
            if row == 1 and value and char == " ":
                char = blocks[1]
            text.append(char * 2, style="bold")
        text.append("\n")
    text.append("    0 └" + "──" * len(values) + "\n", style="dim")
    left, right = labels
    gap = max(1, len(values) * 2 - len(left) - len(right))
    text.append("       " + left + " " * gap + right, style="dim")
    return text
