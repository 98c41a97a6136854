"""Six of the standard scalp lines as deck text, for the Anki export tests."""

from __future__ import annotations

ZONE = """\
  - kind: zone
    id: {id}
    system: international
    code: {code}
    names: {{english: {name}}}
    location: {{description: "{where}", length: 1.5 cun, region: parietal}}
    sources: [{{ref: S1, confidence: two-sources}}]
"""
ZONES = {
    "ms5": ("MS5", "Middle line of vertex", "On the midline, from GV20 to GV21"),
    "ms6": ("MS6", "Anterior oblique line of vertex-temporal", "From EX-HN1 to GB6"),
    "ms7": ("MS7", "Posterior oblique line of vertex-temporal", "From GV20 to GB7"),
    "ms8": ("MS8", "Lateral line 1 of vertex", "1.5 cun lateral to MS5, back from BL6"),
    "ms9": ("MS9", "Lateral line 2 of vertex", "2.25 cun lateral to MS5, back from GB17"),
    "ms10": ("MS10", "Lateral line 1 of occiput", "From BL7 forward to GV20"),
}
