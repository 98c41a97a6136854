"""`studykit map ZONE... [-o FILE.svg]` and `studykit map --system SYSTEM`: head maps."""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from studykit.commands.common import add_no_builtin_argument
from studykit.content.loader import load_decks
from studykit.errors import InvalidInputError, StudykitError
from studykit.maps import Atlas
from studykit.maps.views import VIEW_NAMES
from studykit.models import SYSTEM_TITLES
from studykit.safetext import one_line


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "map",
        help="draw zones on a schematic head (SVG, or text in the terminal)",
        description="Draw zones on a schematic head, each computed from its landmark "
        "definition. ZONE is deck:zone (scalp-standard-lines:ms6), a zone id (motor) or a "
        "code (MS6). Without -o the map is drawn in the terminal with braille dots.",
    )
    parser.add_argument("zones", nargs="*", metavar="ZONE", help="zones to draw")
    parser.add_argument(
        "--system",
        choices=sorted(SYSTEM_TITLES),
        help="draw every zone of a system (international, jiao, zhu, ...)",
    )
    parser.add_argument(
        "--deck",
        action="append",
        default=[],
        metavar="FILE",
        help="also load this deck file (repeatable)",
    )
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="write an SVG to FILE ('-' for standard output)"
    )
    parser.add_argument(
        "--view",
        choices=[*VIEW_NAMES, "all"],
        help="which view (default: the best one; --system: all)",
    )
    parser.add_argument(
        "--blocks", action="store_true", help="text map with block characters instead of braille"
    )
    parser.add_argument(
        "--width", type=_cells(4, 1000), default=0, help="text map width in characters (4-1000)"
    )
    parser.add_argument(
        "--height", type=_cells(2, 500), default=0, help="text map height in lines (2-500)"
    )
    parser.add_argument("--list", action="store_true", help="list the zones that have a map")
    add_no_builtin_argument(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    decks = load_decks([Path(p) for p in args.deck], with_builtins=not args.no_builtin)
    atlas = Atlas([loaded.deck for loaded in decks])
    if args.list:
        for ref in atlas.drawable(args.system):
            sys.stdout.write(one_line(f"{ref}  {atlas.title(ref)}") + "\n")
        return 0
    if args.system:
        refs = atlas.drawable(args.system)
        if not refs:
            raise InvalidInputError(f"no zone of the {args.system} system has a map")
        title = f"{SYSTEM_TITLES[args.system]}: every zone with a map"
    elif args.zones:
        refs = list(dict.fromkeys(atlas.resolve(name) for name in args.zones))
        title = None
    else:
        raise InvalidInputError("name at least one zone (see 'studykit map --list'), or --system")
    if args.output:
        view = args.view or ("all" if args.system else None)
        svg = atlas.svg(refs, view, title=title)
        if args.output == "-":
            sys.stdout.write(svg)
        else:
            try:
                Path(args.output).write_text(svg, encoding="utf-8")
            except OSError as exc:
                raise StudykitError(f"cannot write {args.output}: {exc.strerror}") from exc
            sys.stderr.write(f"wrote {args.output} ({len(refs)} zone(s))\n")
        return 0
    columns, lines = shutil.get_terminal_size((80, 24))
    width = args.width or min(60, columns - 2)
    height = args.height or min(22, max(8, lines - 4))
    mode: Literal["braille", "blocks"] = "blocks" if args.blocks else "braille"
    for ref in refs:
        drawn = atlas.text(
            ref, width, height, view=args.view if args.view != "all" else None, mode=mode
        )
        view = args.view if args.view and args.view != "all" else atlas.best_view([ref])
        sys.stdout.write(one_line(f"{atlas.title(ref)} — {view} view") + "\n")
        sys.stdout.write("\n".join(line.rstrip() for line in drawn.lines) + "\n")
    return 0


def _cells(least: int, most: int) -> Callable[[str], int]:
    """An argparse type: a whole number from `least` to `most` (a huge map would take all
    the memory there is; a tiny one cannot be drawn)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
        if not least <= value <= most:
            raise argparse.ArgumentTypeError(f"{value} is not between {least} and {most}")
        return value

    return parse
