"""The pydantic models of the deck format."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from studykit.models import Claim, Deck, Landmark, Source, Zone


def zone(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "kind": "zone",
        "id": "ms6",
        "system": "international",
        "code": "MS6",
        "names": {"english": "Anterior oblique line of vertex-temporal"},
        "location": {"description": "From EX-HN1 to GB6"},
        "sources": [{"citation": "WHO 1991"}],
    }
    data.update(changes)
    return data


def test_unknown_keys_are_rejected() -> None:
    with pytest.raises(ValidationError, match="pinyn"):
        Zone.model_validate(zone(names={"english": "x", "pinyn": "y"}))


def test_a_source_needs_a_ref_or_a_citation() -> None:
    with pytest.raises(ValidationError, match="either 'ref'"):
        Source.model_validate({"confidence": "verified"})
    assert Source.model_validate({"ref": "S1"}).confidence == "verified"


def test_a_fact_needs_at_least_one_source() -> None:
    with pytest.raises(ValidationError, match="at least 1"):
        Zone.model_validate(zone(sources=[]))


def test_claims_accept_plain_text_and_inherit_sources() -> None:
    parsed = Zone.model_validate(zone(indications=["motor aphasia"]))
    claim = parsed.indications[0]
    assert claim == Claim(text="motor aphasia")
    assert claim.confidence(parsed.sources) == "verified"
    unverified = [Source(citation="memory", confidence="unverified")]
    assert Claim(text="x", sources=unverified).confidence(parsed.sources) == "unverified"


def test_codes_are_written_without_spaces() -> None:
    with pytest.raises(ValidationError, match="without spaces"):
        Zone.model_validate(zone(code="MS 6"))


def test_landmark_label_reads_naturally() -> None:
    assert Landmark(code="GB6", name="Xuanli").label() == "GB6 (Xuanli)"
    label = Landmark(code="EX-HN1", name="Qian Shencong", description="1 cun anterior to GV20")
    assert label.label() == "EX-HN1 (Qian Shencong): 1 cun anterior to GV20"
    with pytest.raises(ValidationError, match="at least one"):
        Landmark()


def test_conflicts_need_two_positions() -> None:
    conflict = {
        "about": "indications",
        "summary": "What MS2 treats",
        "positions": [{"value": "heart and lung", "sources": [{"citation": "S7"}]}],
    }
    with pytest.raises(ValidationError, match="at least 2"):
        Zone.model_validate(zone(conflicts=[conflict]))


def test_schema_descriptions_come_from_field_docstrings() -> None:
    schema = Deck.model_json_schema()
    names = schema["$defs"]["Names"]["properties"]
    assert "tone marks" in names["pinyin"]["description"]
