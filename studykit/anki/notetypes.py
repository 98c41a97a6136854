"""Anki note types for studykit cards: hard-coded ids, versioned names.

The only script is on the back of the typed note type: it forgives what the quiz forgives
(case, spacing, punctuation, dashes, tone marks, aliases); without it, Anki's exact
comparison is what the student sees.

Anki keeps a note type by its id. Anki matches an imported note to the student's note by
GUID, but updates it only when both use the same note type with the same fields and
templates; otherwise it leaves the student's note alone and counts it as a conflict.
So the policy is:

- Changing a note type's CSS or template *wording* keeps its id: bump `TEMPLATES_MOD`
  (Anki updates a note type whose modification time is newer).
- Adding, removing, renaming or reordering fields or templates makes a NEW note type:
  a new hard-coded id and the next version in its name ("studykit basic v2"). Never
  reuse an id for a different set of fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import Any

from studykit.content.cards import CardKind

TEMPLATES_MOD = 1_796_083_200
"""When templates or CSS last changed (seconds since the epoch; 2026-12-01 UTC).

The `mod` of every note type; Anki replaces a student's copy of a note type only with a
newer one, so bump it when you change the wording of a template or the CSS."""

COMMON_FIELDS: tuple[str, ...] = ("Front", "Back", "Answers", "Source", "Extra", "Key")
"""Fields every note type has. `Key` holds the card's stable id; no template shows it."""

_TAIL = (
    '{{#Extra}}<div class="sk-extra">{{Extra}}</div>{{/Extra}}\n'
    '{{#Source}}<div class="sk-source"><span class="sk-label">Source</span> {{Source}}</div>'
    "{{/Source}}\n"
)


def _front(kind: str, extra: str = "") -> str:
    """The wrapper: `sk-kind-…` names the card kind (never a class an element inside uses)."""
    return (
        f'<div class="sk-card sk-kind-{kind}">\n<div class="sk-front">{{{{Front}}}}</div>\n{extra}'
    )


def typed_script() -> str:
    """The forgiving type-in check (see `typed.js`), run on the back of typed cards."""
    return resources.files(__package__).joinpath("typed.js").read_text(encoding="utf-8")


@dataclass(frozen=True, slots=True)
class NoteType:
    """One Anki note type (a "model" in genanki's words)."""

    kind: CardKind
    model_id: int
    """Hard-coded; never reused for another set of fields (see the module docstring)."""
    name: str
    fields: tuple[str, ...]
    question: str
    """The front template (qfmt)."""
    answer: str
    """The back template (afmt)."""
    cloze: bool = False
    mod: int = TEMPLATES_MOD

    def to_genanki(self, css: str) -> Any:
        """The genanki `Model`, with `mod` pinned so re-exports do not touch it."""
        import genanki

        note_type = self

        class _PinnedModel(genanki.Model):  # type: ignore[misc]
            def to_json(self, timestamp: float, deck_id: int) -> dict[str, Any]:
                data: dict[str, Any] = super().to_json(note_type.mod, deck_id)
                return data

        return _PinnedModel(
            model_id=self.model_id,
            name=self.name,
            fields=[
                {"name": name, "collapsed": name == "Key", "excludeFromSearch": name == "Key"}
                for name in self.fields
            ],
            templates=[{"name": "Card 1", "qfmt": self.question, "afmt": self.answer}],
            css=css,
            model_type=genanki.Model.CLOZE if self.cloze else genanki.Model.FRONT_BACK,
        )


BASIC = NoteType(
    kind="basic",
    model_id=1_369_137_712,
    name="studykit basic v1",
    fields=COMMON_FIELDS,
    question=_front("basic") + "</div>",
    answer=_front("basic")
    + '<hr id="answer">\n<div class="sk-back">{{Back}}</div>\n'
    + _TAIL
    + "</div>",
)

TYPED = NoteType(
    kind="typed",
    model_id=1_439_682_466,
    name="studykit typed v1",
    fields=("Front", "Back", "Typed", "Answers", "Source", "Extra", "Key"),
    question=_front("typed", "{{type:Typed}}\n") + "</div>",
    answer=_front("typed")
    + '<hr id="answer">\n{{type:Typed}}\n<div class="sk-back">{{Back}}</div>\n'
    + '{{#Answers}}<div class="sk-accepted"><span class="sk-label">Accepted</span> '
    + '<span class="sk-answers">{{Answers}}</span></div>{{/Answers}}\n'
    + _TAIL
    + "</div>\n"
    + f"<script>\n{typed_script()}</script>",
)

CHOICE = NoteType(
    kind="choice",
    model_id=2_068_860_149,
    name="studykit choice v1",
    fields=("Front", "Choices", "Back", "Answers", "Source", "Extra", "Key"),
    question=_front("choice", '<div class="sk-options">{{Choices}}</div>\n') + "</div>",
    answer=_front("choice", '<div class="sk-options sk-revealed">{{Choices}}</div>\n')
    + '<hr id="answer">\n<div class="sk-back">{{Back}}</div>\n'
    + _TAIL
    + "</div>",
)

CLOZE = NoteType(
    kind="cloze",
    model_id=1_823_932_890,
    name="studykit cloze v1",
    fields=COMMON_FIELDS,
    question='<div class="sk-card sk-kind-cloze">\n<div class="sk-front">{{cloze:Front}}</div>\n'
    + "</div>",
    answer='<div class="sk-card sk-kind-cloze">\n<div class="sk-front">{{cloze:Front}}</div>\n'
    + _TAIL
    + "</div>",
    cloze=True,
)

NOTE_TYPES: dict[str, NoteType] = {t.kind: t for t in (BASIC, TYPED, CHOICE, CLOZE)}
"""The note type for each card kind."""


def stylesheet() -> str:
    """The CSS shared by all note types (light and `.nightMode`, desktop and phone)."""
    return resources.files(__package__).joinpath("style.css").read_text(encoding="utf-8")


__all__ = [
    "BASIC",
    "CHOICE",
    "CLOZE",
    "COMMON_FIELDS",
    "NOTE_TYPES",
    "TYPED",
    "NoteType",
    "typed_script",
]
