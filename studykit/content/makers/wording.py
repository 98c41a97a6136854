"""How questions name zones and systems, so every generated question reads as English:
articles, singular or plural verbs, and no system name where a zone belongs to none."""

from __future__ import annotations

import functools
import re

from studykit.models import SYSTEM_TITLES, Zone

KIND_NOUNS = ("line", "area", "point", "zone", "band")
"""What a zone can be; a zone's kind is the first of these its English name uses."""

_WORD = re.compile(r"[^\W\d_]+")


def system_name(system: str | Zone) -> str | None:
    """The system as questions name it: a zone's system by the title its deck declares
    (`Auricular`), a built-in system by its id (`Jiao`); None for `other` (no system)."""
    if isinstance(system, Zone):
        return None if system.system == "other" else system.system_title()
    return None if system == "other" else SYSTEM_TITLES.get(system, system)


@functools.cache
def _kind_of(english: str) -> tuple[str, bool, bool]:
    """(kind noun, plural, the name ends with that noun) for an English zone name."""
    outside = english.split("(", 1)[0]
    words = _WORD.findall(outside.lower())
    for position, word in enumerate(words):
        for noun in KIND_NOUNS:
            if word in {noun, noun + "s"} or (noun == "line" and word.endswith("line")):
                return noun, word == noun + "s", position == len(words) - 1
    return "zone", False, False


def kind_of(zone: Zone) -> str:
    """`line`, `area`, `point`, `zone` or `band`: what the zone is (its name says; else
    what its system calls its zones, e.g. an ear system's `point`)."""
    noun = _kind_of(zone.names.english)[0]
    return (zone.system_noun() or noun) if noun == "zone" else noun


def is_plural(zone: Zone) -> bool:
    """Whether the zone's name is plural (`Basic points H and I`)."""
    return _kind_of(zone.names.english)[1]


def be(zone: Zone) -> str:
    """`is` or `are`, agreeing with the zone's name."""
    return "are" if is_plural(zone) else "is"


def zone_name(zone: Zone) -> str:
    """The zone as a sentence names it: `MS6 Anterior oblique line of vertex-temporal`,
    `the Motor area`, `Basic point A`."""
    if zone.code:
        return zone.title()
    english = zone.names.english
    return f"the {english}" if _kind_of(english)[2] else english


def zone_subject(zone: Zone) -> str:
    """`zone_name` with its system: `the Motor area (Jiao)`; no system for `other`."""
    system = system_name(zone)
    return f"{zone_name(zone)} ({system})" if system else zone_name(zone)


def zone_label(zone: Zone) -> str:
    """The zone as a label (start of a question): `Motor area (Jiao)`."""
    system = system_name(zone)
    return f"{zone.title()} ({system})" if system else zone.title()


def plural(noun: str) -> str:
    """`areas`, `lines`, ...: the kind nouns all take an s."""
    return noun + "s"


def peers_phrase(system: str | Zone, noun: str) -> str:
    """`the Jiao areas`, `the International Standard lines`, `these areas` (other)."""
    return _peers_phrase(system_name(system), noun)


@functools.cache  # a few systems and kinds, asked for on every choice card
def _peers_phrase(name: str | None, noun: str) -> str:
    return f"the {name} {plural(noun)}" if name else f"these {plural(noun)}"


def one_of(system: str | Zone, noun: str) -> str:
    """`Jiao area`, `International Standard line`, `area` (other): one zone of a kind."""
    return _one_of(system_name(system), noun)


@functools.cache  # as `_peers_phrase`
def _one_of(name: str | None, noun: str) -> str:
    return f"{name} {noun}" if name else noun


def capitalised(text: str) -> str:
    """`text` with its first letter in upper case (the rest kept)."""
    return text[:1].upper() + text[1:]
