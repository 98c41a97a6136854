"""Point systems: which microsystem (scalp, ear, hand, …) a deck's zones belong to.

A deck declares the systems its zones use under `systems:`; the scalp systems studykit
has always known (`international`, `jiao`, `zhu`, `ynsa`, `fang`, `tang`, `other`) are
declared the same way here, so every deck may use them without declaring them. The
declaration gives the title questions use ("TF4 (Auricular)"), the microsystem that
decides the Anki deck path (`TCM::Auricular acupuncture::…`), and the anatomical regions a
zone's `location.region` names.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from studykit.models.base import DeckModel, Identifier, Text

KNOWN_SYSTEMS = "known_systems"
"""Validation context key: the ids of the systems a deck may use (its own declarations
and the built-in ones), so that a zone naming another one fails where it stands."""

MICROSYSTEM_TITLES: dict[str, str] = {
    "scalp": "Scalp acupuncture",
    "ear": "Auricular acupuncture",
    "hand": "Hand acupuncture",
    "foot": "Foot acupuncture",
    "face": "Face acupuncture",
    "eye": "Eye acupuncture",
    "abdomen": "Abdominal acupuncture",
    "wrist-ankle": "Wrist-ankle acupuncture",
}
"""How the usual microsystems are called in an Anki deck path; others get
`<Microsystem> acupuncture` unless the declaration gives `microsystem_title`."""


class SystemDeclaration(DeckModel):
    """A system of points, lines or areas on one microsystem, e.g. the auricular points."""

    id: Identifier
    """The id zones name in `system:`, e.g. `auricular`; card tags (`system::auricular`)
    hang on it, so keep it."""
    title: Text
    """The name questions use: "TF4 (Auricular): what is its English name?"."""
    microsystem: Identifier
    """The microsystem, e.g. `scalp`, `ear`, `hand`, `foot`; it decides the Anki deck path."""
    noun: Annotated[str, StringConstraints(pattern=r"^[a-z]+$")] | None = None
    """What one zone of the system is called in questions, e.g. `point` ("which of the
    Auricular points …?"); left out, a zone's name decides (`line`, `area`, `point`,
    `band`), else `zone`."""
    microsystem_title: Text | None = None
    """The microsystem as a deck name, e.g. `Auricular acupuncture`; left out, it is the
    usual name of `microsystem` (`ear` → `Auricular acupuncture`)."""
    body_region: Text
    """The body part that carries the map, e.g. `auricle (external ear)` or `scalp`."""
    regions: list[Text] = Field(default_factory=list)
    """The anatomical regions of that body part that zones name in `location.region`, e.g.
    `helix`, `scapha`, `triangular fossa`; `studykit lint` warns about any other region."""
    description: Text | None = None
    """What the system is, for authors and the deck list."""

    def microsystem_name(self) -> str:
        """`Auricular acupuncture`: the microsystem as a deck name."""
        if self.microsystem_title:
            return self.microsystem_title
        known = MICROSYSTEM_TITLES.get(self.microsystem)
        return known or f"{self.microsystem.replace('-', ' ').capitalize()} acupuncture"


_SCALP_REGIONS = [
    "forehead",
    "frontal hairline",
    "midline of the head",
    "parietal",
    "parietal-temporal",
    "temporal",
    "temple",
    "side of the head",
    "occipital",
    "behind the ear",
]


def _scalp(system_id: str, title: str, description: str) -> SystemDeclaration:
    return SystemDeclaration(
        id=system_id,
        title=title,
        microsystem="scalp",
        body_region="scalp",
        regions=list(_SCALP_REGIONS),
        description=description,
    )


BUILTIN_SYSTEMS: dict[str, SystemDeclaration] = {
    system.id: system
    for system in (
        _scalp(
            "international",
            "International Standard",
            "The 14 standard scalp lines MS1–MS14 (WHO 1991, GB/T 21709.2).",
        ),
        _scalp("jiao", "Jiao", "Jiao Shunfa's scalp areas."),
        _scalp("zhu", "Zhu", "Zhu Mingqing's scalp bands."),
        _scalp("ynsa", "YNSA", "Yamamoto New Scalp Acupuncture."),
        _scalp("fang", "Fang", "Fang Yunpeng's scalp points."),
        _scalp("tang", "Tang", "Tang Songyan's scalp acupuncture."),
        _scalp("other", "Other", "Scalp zones of no system above."),
    )
}
"""The scalp systems every deck may use without declaring them."""

DEFAULT_MICROSYSTEM = "Scalp acupuncture"
"""The microsystem of a deck that neither declares a system nor has zones."""


__all__ = [
    "BUILTIN_SYSTEMS",
    "DEFAULT_MICROSYSTEM",
    "KNOWN_SYSTEMS",
    "MICROSYSTEM_TITLES",
    "SystemDeclaration",
]
