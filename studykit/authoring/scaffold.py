"""A new deck file to start from: commented, with a fact of each kind and every card kind.

The file is valid and lint-clean as written (tests hold it to that), so an instructor
changes working examples instead of writing YAML from nothing. Its example content is
real (cited from the sources of the built-in decks), but it is an example: the comments
say to replace it.
"""

from __future__ import annotations

import re
from pathlib import Path

from studykit.errors import StudykitError
from studykit.files import replace_file

SCHEMA_FILE = "studykit-deck.schema.json"

_ID = re.compile(r"[a-z0-9][a-z0-9-]*")


class DeckIdError(StudykitError):
    """A deck id that cannot be used (wrong form, or taken by a loaded deck)."""

    exit_code = 2


def check_deck_id(deck_id: str, taken: dict[str, str] | None = None) -> str:
    """`deck_id` if it is a valid, free deck id.

    Args:
        deck_id: the id asked for.
        taken: ids of the decks already loaded, with where each comes from.

    Raises:
        DeckIdError: the id has the wrong form or is taken.
    """
    if not _ID.fullmatch(deck_id) or len(deck_id) > 80:
        suggestion = re.sub(r"[^a-z0-9]+", "-", deck_id.lower()).strip("-")
        hint = f" (e.g. '{suggestion}')" if suggestion else ""
        raise DeckIdError(
            f"'{deck_id}' is not a valid deck id: use lowercase letters, digits and hyphens{hint}"
        )
    if taken and deck_id in taken:
        raise DeckIdError(
            f"deck id '{deck_id}' is already used by {taken[deck_id]}; pick another "
            "(card ids start with the deck id, so deck ids must be unique)"
        )
    return deck_id


def title_from_id(deck_id: str) -> str:
    """`scalp-lines-2` → `Scalp Lines 2`: a starting title."""
    return " ".join(word.capitalize() for word in deck_id.split("-"))


def scaffold_deck(
    deck_id: str, *, title: str | None = None, schema: str = f"./{SCHEMA_FILE}"
) -> str:
    """The text of a new deck file with id `deck_id`.

    Args:
        deck_id: a valid deck id (see `check_deck_id`).
        title: the deck's title (default: made from the id).
        schema: path or URL of the JSON Schema, for the `yaml-language-server` line.
    """
    title = title or title_from_id(deck_id)
    quoted_title = '"' + title.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return (
        _TEMPLATE.replace("{schema}", schema)
        .replace("{deck_id}", deck_id)
        .replace("{title}", quoted_title)
    )


_TEMPLATE = """\
# yaml-language-server: $schema={schema}
#
# A studykit deck. Editors with a YAML extension that reads the line above (VS Code:
# "YAML" by Red Hat) complete every key and explain it as you type.
#
#   studykit lint {deck_id}.yaml        mistakes and weak cards, as file:line:column
#   studykit preview {deck_id}.yaml     the cards as students will see them
#   studykit quiz {deck_id}.yaml        study them
#
# Students' progress hangs on ids: every card id is "{deck_id}/<fact id or card key>/<direction>".
# Once the deck is shared, never rename the deck id, a fact id or a card key; fix any text.
# The examples below are real (cited), but they are examples: replace them with your own.

id: {deck_id}
title: {title}
version: "0.1.0"   # raise it when you change the content
description: What this deck covers, in a sentence or two for your students.
authors: [Your Name]
license: CC-BY-4.0

# Works you cite, under a short key; cite them with `sources: [{ref: S1}]`.
# `confidence:` on a source is `verified` (the default: you read it there), `two-sources`
# or `unverified` (no cards are made from unverified parts unless a student asks).
# `kind:` says what the work is (standard, textbook, peer-reviewed-paper, exam-note,
# clinic-or-teaching-site, encyclopedia-or-aggregator, popular-article,
# machine-written-summary); it is shown on the card and weighs in disputes.
# `author_notes:` (here, on facts, cards and conflicts) are for authors, never on a card.
references:
  S1:
    citation: 'heyttu.dk, "WHO Standard Scalp Acupuncture" (reproduces the WHO 1991 MS table)'
    url: https://www.heyttu.dk/post/who-standard-scalp-acupuncture
    kind: standard
  S4:
    citation: >-
      med66.com, 【标准头穴线的定位和主治】
      (study note for the Chinese-medicine licensing exam)
    url: https://m.med66.com/zhongyiyishu/beikaoziliao/wa2010234723.shtml
    kind: exam-note
  S44:
    citation: >-
      Acupoint location pages: Atlas of Acupuncture p.620 (GV24); tcmhh.com (GB6);
      wenke99 (GV21)
    kind: encyclopedia-or-aggregator
  EAR:
    citation: '光明中医函授大学《针灸学》, 第七节 耳针, 表13 (commonly used ear points)'
    url: https://github.com/6830920/gmzyjc/blob/master/ok/zjz/zjz03-0.7.4.0.0.md
    kind: textbook
  HOU2015:
    citation: >-
      Hou PW et al. "The History, Mechanism, and Clinical Application of Auricular Therapy
      in Traditional Chinese Medicine." Evid Based Complement Alternat Med 2015:495684
    url: https://pmc.ncbi.nlm.nih.gov/articles/PMC4707384
    kind: peer-reviewed-paper

# Systems: the built-in scalp systems (international, jiao, zhu, ynsa, fang, tang, other)
# need no declaration. Points of another microsystem belong to a system declared here:
# questions then say "(Auricular)", a choice card's options come from its points only,
# and a deck of its points goes under "TCM::Auricular acupuncture" in Anki.
systems:
  - id: auricular                 # what zones name in `system:`
    title: Auricular              # what questions say
    noun: point                   # "Which of the Auricular points ...?"
    microsystem: ear              # scalp, ear, hand, foot, ...
    body_region: auricle (external ear)
    regions: [triangular fossa, cymba conchae, cavum conchae, lobule]  # for `region:`

# Facts: studykit writes several cards from each (code → name, name → code, location,
# indications, which zone treats what, ...). Kinds: zone, condition, microsystem.
facts:
  - kind: zone
    id: ms5               # unique in this deck; cards hang on it
    system: international # international, jiao, zhu, ynsa, fang, tang or other
    code: MS5
    names:
      english: Middle line of vertex
      pinyin: dǐng zhōng xiàn
      hanzi: 顶中线
    location:
      description: On the midline of the vertex, from GV20 (Baihui) forward to GV21 (Qianding).
      start: {code: GV20, name: Baihui}
      end: {code: GV21, name: Qianding}
      length: 1.5 cun
      region: parietal
    indications:
      - nocturnal enuresis in children
      - text: vertex headache
        sources: [{ref: S4}]   # a claim may cite its own sources
    sources: [{ref: S1}, {ref: S4}]

  - kind: zone              # a point of the declared ear system
    id: shenmen
    system: auricular
    names: {english: Spirit Gate, pinyin: shén mén, hanzi: 神门, aliases: [Shenmen]}
    location:
      description: In the lateral third of the triangular fossa.
      region: triangular fossa
    indications:
      - insomnia
      - text: dream-disturbed sleep
        key: dream-disturbed-sleep   # a key keeps the card (and progress) if you fix the text
    sources: [{ref: EAR}]

  - kind: microsystem       # a whole microsystem: founder, year, how the body is mapped
    id: auricular-acupuncture
    names: {english: Auricular acupuncture, hanzi: 耳针, aliases: [ear acupuncture]}
    founder: Paul Nogier
    year: 1957
    map_idea: The ear carries the body as an inverted fetus, the head at the lobule.
    body_region: ear
    sources: [{ref: HOU2015}]

  - kind: condition
    id: enuresis
    names: {english: Nocturnal enuresis in children}
    category: urogenital
    # Zones of this deck by id; zones of another deck as deck-id:zone-id,
    # e.g. scalp-standard-lines:ms6 (see `studykit decks` for the deck ids).
    treated_by: [ms5]
    sources: [{ref: S4}]

# Free-form cards, for what is not a fact. `key` is the card's stable id in this deck:
# keep it when you reword the card. Without a key, the first words of the front are used,
# so rewording the front would start the card over for every student.
cards:
  - key: ms5-channel        # basic: front, then back
    front: Which channel does the Middle line of vertex (MS5) lie on?
    back: Governor Vessel
    tags: [channels]
    sources: [{ref: S1}]

  - key: gv20-name          # basic-and-reverse: also asks back → front
    kind: basic-and-reverse
    front: GV20
    back: Baihui
    tags: [points]
    sources: [{ref: S1}]

  - key: gv24-name
    kind: basic-and-reverse
    front: GV24
    back: Shenting
    tags: [points]
    sources: [{ref: S44}]

  - key: gb6-name
    kind: basic-and-reverse
    front: GB6
    back: Xuanli
    tags: [points]
    sources: [{ref: S44}]

  - key: ms5-length         # typed: the student types; any of `answers` (or back) counts
    kind: typed
    front: How long is the Middle line of vertex (MS5)?
    back: 1.5 cun
    answers: ["1.5", one and a half cun]
    extra: The length follows from the points; the WHO table does not state it.
    sources: [{ref: S1}]

  - key: ms5-start          # choice with the wrong options written out
    kind: choice
    front: Where does the Middle line of vertex (MS5) start?
    back: GV20 (Baihui)
    distractors: [GV21 (Qianding), GV24 (Shenting), GB6 (Xuanli)]
    sources: [{ref: S1}]

  - key: gv21-position      # choice without distractors: drawn from the answers of other
    kind: choice            # cards with a shared tag (here: points), else of the whole deck
    front: Which point lies 1.5 cun anterior to GV20?
    back: Qianding
    tags: [points]
    sources: [{ref: S44}]

  - key: ms5-route          # cloze: one card per number; {{c1::answer::hint}} shows a hint
    kind: cloze
    text: MS5 runs from {{c1::GV20::a point}} forward to {{c2::GV21}}, {{c3::1.5 cun}} long.
    sources: [{ref: S1}]
"""


class OutputExistsError(StudykitError):
    """Writing would replace a file the user did not ask to replace."""

    exit_code = 2


def write_new_file(path: Path, text: str, *, force: bool = False) -> None:
    """Write `text` to `path` in one step (a reader never sees half a file).

    Raises:
        OutputExistsError: `path` exists and `force` is not set.
        StudykitError: the file cannot be written.
    """
    if path.exists() and not force:
        raise OutputExistsError(f"{path} already exists; use --force to replace it")
    try:
        replace_file(path, text.encode("utf-8"))
    except OSError as exc:
        raise StudykitError(f"cannot write {path}: {exc.strerror or exc}") from exc


__all__ = [
    "SCHEMA_FILE",
    "DeckIdError",
    "OutputExistsError",
    "check_deck_id",
    "scaffold_deck",
    "title_from_id",
    "write_new_file",
]
