"""`studykit settings [KEY VALUE] [--deck DECK] [--json]`: see or change study settings."""

from __future__ import annotations

import argparse
import json
import sys

from studykit.commands.store_common import open_store
from studykit.study.settings import (
    FIELDS,
    SchedulerSettings,
    SettingsError,
    field_text,
    with_field,
)

DECK_KEYS = ("new_per_day", "reviews_per_day")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    keys = ", ".join(field.key for field in FIELDS)
    parser = subparsers.add_parser(
        "settings",
        help="show or change the study settings of a profile (limits, steps, siblings, ...)",
        description="Without KEY, list every setting of the profile with its value and "
        "what it does. With KEY VALUE, change one and save it in the review store. "
        f"Keys: {keys}. Steps are minutes separated by spaces (e.g. '1 10'); on/off "
        "for switches. With --deck DECK, KEY is new_per_day or reviews_per_day and sets "
        "that deck's own limit beneath the profile's ('none' removes it). With --json, "
        "print all settings as a JSON object (steps in seconds, deck limits by deck).",
    )
    parser.add_argument("key", nargs="?", metavar="KEY", help="the setting to change")
    parser.add_argument("value", nargs="?", metavar="VALUE", help="its new value")
    parser.add_argument("--deck", metavar="DECK", help="set a limit of this deck only")
    parser.add_argument("--json", action="store_true", help="print the settings as JSON")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.key is not None and args.value is None:
        raise SettingsError(f"a value is needed: studykit settings {args.key} VALUE")
    with open_store(args) as store:
        settings = store.settings
        if args.key is not None:
            if args.deck is not None:
                settings = _with_deck_limit(settings, args.deck, args.key, args.value)
            else:
                settings = with_field(settings, args.key, args.value)
            store.save_settings(settings)
    if args.json:
        json.dump(settings.to_data(), sys.stdout, ensure_ascii=False, indent=2, sort_keys=True)
        sys.stdout.write("\n")
        return 0
    width = max(len(field.key) for field in FIELDS)
    lines = [
        f"{f.key.ljust(width)}  {field_text(settings, f.key) or '-':<10}  {f.help}" for f in FIELDS
    ]
    for limit in settings.deck_limits:
        new = "-" if limit.new_per_day is None else limit.new_per_day
        reviews = "-" if limit.reviews_per_day is None else limit.reviews_per_day
        lines.append(f"deck {limit.deck}: new_per_day {new}, reviews_per_day {reviews}")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def _with_deck_limit(
    settings: SchedulerSettings, deck: str, key: str, value: str
) -> SchedulerSettings:
    """`settings` with one of `deck`'s own limits set (or removed with "none")."""
    if key not in DECK_KEYS:
        raise SettingsError(f"a deck's own limit is new_per_day or reviews_per_day, not {key!r}")
    current = settings.deck_limit(deck)
    limits = {
        "new_per_day": current.new_per_day if current else None,
        "reviews_per_day": current.reviews_per_day if current else None,
    }
    text = value.strip().lower()
    try:
        limits[key] = None if text in ("none", "-", "") else int(text)
    except ValueError:
        raise SettingsError(f"{key}: cannot read {value!r} as a whole number or none") from None
    return settings.with_deck_limit(deck, limits["new_per_day"], limits["reviews_per_day"])
