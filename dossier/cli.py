"""`python -m dossier [--data DIR] [SUBCOMMAND ...]`: the app by default, or a subcommand.

Subcommands never import Textual, so `validate` stays fast and works without a
terminal. Exit codes: 0 success, 1 problems found (or record not found), 2 bad usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dossier",
        description="Browse and check investigative dossiers. With no subcommand, opens the app.",
    )
    data_help = "dossier folder (default: $DOSSIER_DATA, else the bundled dossier)"
    parser.add_argument("--data", metavar="DIR", help=data_help)
    parser.add_argument("--no-watch", action="store_true", help="do not reload when files change")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--data", metavar="DIR", help=data_help, default=argparse.SUPPRESS)
        return p

    p = command("validate", "check a dossier and print every problem as file:line:column")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p = command("export", "print the whole dossier as JSON or Markdown")
    p.add_argument("--format", choices=("json", "markdown"), default="json")
    p = command("show", "print one record with its links and backlinks")
    p.add_argument("id", help="the record's id")
    p = command("search", "search every record; accents and case do not matter")
    p.add_argument("query", nargs="+")
    p.add_argument("--limit", type=int, default=20)
    p = sub.add_parser("schema", help="print the JSON Schema of dossier files (or the format reference)")
    p.add_argument("--kind", choices=("person", "lab", "model", "source", "timeline"))
    p.add_argument("--format", choices=("json", "markdown"), default="json")
    return parser


def _console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False, emoji=False, markup=False)


def _load(args):
    from .load import load_dossier
    from .paths import choose_data

    return load_dossier(choose_data(args.data))


def cmd_validate(args) -> int:
    result = _load(args)
    problems = result.problems
    if args.format == "json":
        print(json.dumps([p.to_json() for p in problems], ensure_ascii=False, indent=2))
    else:
        for problem in problems:
            print(str(problem))
        dossier = result.dossier
        counts = Counter(r.kind_name for r in dossier.by_id.values())
        kinds = ", ".join(f"{counts.get(k, 0)} {k if counts.get(k, 0) == 1 else p}" for k, p in _PLURALS)
        errors, warnings = len(result.errors), len(result.warnings)
        verdict = "ok" if not errors else "FAILED"
        print(f"{verdict}: {kinds}; {errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}")
    return EXIT_PROBLEMS if result.errors else EXIT_OK


_PLURALS = (("person", "people"), ("lab", "labs"), ("model", "models"), ("event", "events"),
            ("source", "sources"), ("quote", "quotes"))  # fmt: skip


def _problem_note(result) -> None:
    if result.errors:
        print(f"dossier: {len(result.errors)} error(s) in the dossier; run `dossier validate`", file=sys.stderr)


def cmd_export(args) -> int:
    from .export import to_json, to_markdown

    result = _load(args)
    _problem_note(result)
    text = to_json(result.dossier) if args.format == "json" else to_markdown(result.dossier)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return EXIT_OK


def cmd_show(args) -> int:
    from .index import Index
    from .render import show_record
    from .text import visible

    result = _load(args)
    index = Index(result.dossier)
    record = index.get(args.id)
    if record is None:
        from .convert import closest

        guess = closest(args.id, index.dossier.by_id)
        hint = f" (did you mean '{guess}'?)" if guess else ""
        print(f"dossier: no record with id '{visible(args.id)}'{hint}", file=sys.stderr)
        return EXIT_PROBLEMS
    _console().print(show_record(index, record))
    return EXIT_OK


def cmd_search(args) -> int:
    from .index import Index
    from .render import hits_table

    result = _load(args)
    hits = Index(result.dossier).search(" ".join(args.query), limit=args.limit)
    if not hits:
        print("no match", file=sys.stderr)
        return EXIT_PROBLEMS
    _console().print(hits_table(hits))
    return EXIT_OK


def cmd_schema(args) -> int:
    from .jsonschema import json_schema, markdown_reference

    if args.format == "markdown":
        print(markdown_reference())
    else:
        print(json.dumps(json_schema(args.kind), indent=2, ensure_ascii=False))
    return EXIT_OK


def cmd_app(args) -> int:
    from .paths import choose_data

    try:
        from tui.app import run_app
    except ImportError as error:  # the app's dependencies are missing
        print(f"dossier: cannot start the app: {error}", file=sys.stderr)
        return EXIT_USAGE
    return run_app(choose_data(args.data), watch=not args.no_watch)


COMMANDS = {
    "validate": cmd_validate,
    "export": cmd_export,
    "show": cmd_show,
    "search": cmd_search,
    "schema": cmd_schema,
}


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)  # exits 2 on bad usage
    if not hasattr(args, "data"):
        args.data = None
    handler = COMMANDS.get(args.command or "", cmd_app)
    try:
        return handler(args)
    except BrokenPipeError:  # `dossier export | head`
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
