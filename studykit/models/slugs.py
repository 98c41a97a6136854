"""Slugs: the ascii words that ids and tags are made of (derived keys, indication ids, tags)."""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


@functools.lru_cache(maxsize=4096)  # the same regions and systems come up for every zone
def slug(text: str, max_length: int = 48) -> str:
    """A lowercase ascii slug for ids and tags: `Motor aphasia` → `motor-aphasia`."""
    if text.isascii():
        ascii_text = text
    else:
        ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    lower = ascii_text.lower()
    if lower.replace(" ", "").isalnum() and "  " not in lower and lower.strip(" ") == lower:
        words = lower.replace(" ", "-")  # words and single spaces (most texts): no regex
    else:
        words = _NOT_SLUG.sub("-", lower).strip("-")
    if not words:  # text with no latin letters (e.g. hanzi only): a short hash keeps it unique
        words = hashlib.blake2b(text.encode(), digest_size=4).hexdigest()
    return words[:max_length].rstrip("-")


__all__ = ["slug"]
