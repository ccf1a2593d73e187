"""`python -m dossier [--data DIR] [SUBCOMMAND ...]`: the app by default, or a subcommand.

Subcommands never import Textual, so `validate` stays fast and works without a
terminal. Exit codes: 0 success, 1 problems found (or record not found), 2 bad usage.
"""

from __future__ import annotations

import argparse
import json
import sys

from dossier.model.text import count, safe_json, visible

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
EXPORT_FORMATS = ("json", "markdown", "html", "csv", "timelinejs")
FOLDER_FORMATS = ("html", "csv")  # always a folder; markdown is a folder when OUT is given
CITE_STYLES = ("plain", "chicago", "apa")  # as dossier.cite.STYLES, without importing it at startup


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
    p = command("export", "export the whole dossier: JSON, Markdown, a static HTML site, CSV tables, TimelineJS")
    p.add_argument("--format", choices=EXPORT_FORMATS, default="json")
    p.add_argument(
        "out",
        nargs="?",
        metavar="OUT",
        help="folder to write (html, csv, markdown) or file (json, timelinejs); "
        "json, markdown and timelinejs print to stdout without it",
    )
    p.add_argument("--force", action="store_true", help="write into a non-empty OUT, replacing files of the same name")
    p.add_argument("--title", default="Dossier", help="the title of the exported site or timeline")
    p = command("cite", "print a ready-to-paste citation of a quote")
    p.add_argument("quote_id", metavar="QUOTE_ID", help="the quote's id")
    p.add_argument("--style", choices=CITE_STYLES, default="plain")
    p = sub.add_parser("new", help="create a small, valid, commented starter dossier in DIR")
    p.add_argument("dir", metavar="DIR", help="a new or empty folder")
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
    from dossier.load.loader import load_dossier
    from dossier.store.paths import choose_data

    return load_dossier(choose_data(args.data))


def cmd_validate(args) -> int:
    from dossier.load.loader import check_folder
    from dossier.store.paths import choose_data

    result = check_folder(choose_data(args.data))  # unchanged dossier: the cached verdict
    problems = result.problems
    if args.format == "json":
        print(safe_json(json.dumps([p.to_json() for p in problems], ensure_ascii=False, indent=2)))
    else:
        for problem in problems:
            print(str(problem))
        counts = result.counts
        kinds = ", ".join(f"{counts.get(k, 0)} {k if counts.get(k, 0) == 1 else p}" for k, p in _PLURALS)
        errors, warnings = len(result.errors), len(result.warnings)
        verdict = "ok" if not errors else "FAILED"
        print(f"{verdict}: {kinds}; {count(errors, 'error')}, {count(warnings, 'warning')}")
    return EXIT_PROBLEMS if result.errors else EXIT_OK


_PLURALS = (("person", "people"), ("lab", "labs"), ("model", "models"), ("event", "events"),
            ("source", "sources"), ("quote", "quotes"))  # fmt: skip


def _problem_note(errors: int) -> None:
    if errors:
        print(f"dossier: {count(errors, 'error')} in the dossier; run `dossier validate`", file=sys.stderr)


def cmd_export(args) -> int:
    from pathlib import Path

    from dossier.export.out import ExportError

    if args.format in FOLDER_FORMATS and not args.out:
        print(f"dossier: export --format {args.format} needs OUT, the folder to write", file=sys.stderr)
        return EXIT_USAGE
    if args.format == "json":
        return _export_json(args)
    result = _load(args)
    _problem_note(len(result.errors))
    if not args.out:
        text = _export_text(args.format, result.dossier, args.title)
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return EXIT_OK
    out, root = Path(args.out).expanduser(), Path(result.dossier.root or _data_root(args))
    try:
        written = _export_files(args.format, result.dossier, out, root, args.force, args.title)
    except (ExportError, OSError) as error:
        print(f"dossier: not exported: {visible(str(error))}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"wrote {len(written)} file{'s' * (len(written) != 1)} to {visible(str(out))}", file=sys.stderr)
    if args.format == "csv":
        from dossier.export.csvtables import guarded_cells

        guarded = guarded_cells(result.dossier)
        if guarded:
            print(
                f"note: {guarded} cell{'s' * (guarded != 1)} starting with =, +, - or @ got a leading apostrophe "
                "so spreadsheets show them as text, not formulas",
                file=sys.stderr,
            )
    return EXIT_OK


def _export_json(args) -> int:
    """JSON from the export cache: an unchanged dossier is not loaded again (see export_cache)."""
    from pathlib import Path

    from dossier.export.cache import json_export
    from dossier.export.out import ExportError, prepare_file, write_chunks

    root = _data_root(args)
    out = Path(args.out).expanduser() if args.out else None
    try:
        if out is not None:  # refused before anything is read, as nothing would be written
            prepare_file(out, root, args.force)
        chunks, errors = json_export(root)
        _problem_note(errors)
        if out is None:
            _print_bytes(chunks)
            return EXIT_OK
        write_chunks(out, chunks)
    except (ExportError, OSError) as error:
        print(f"dossier: not exported: {visible(str(error))}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"wrote 1 file to {visible(str(out))}", file=sys.stderr)
    return EXIT_OK


def _print_bytes(chunks) -> None:
    """UTF-8 to stdout as it is, or decoded when stdout takes text only (a StringIO)."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(b"".join(chunks).decode("utf-8", "surrogatepass"))
        return
    sys.stdout.flush()
    buffer.writelines(chunks)
    buffer.flush()


def _data_root(args):
    from dossier.store.paths import choose_data

    return choose_data(args.data)


def _export_text(fmt: str, dossier, title: str) -> str:
    if fmt == "json":
        from dossier.export.base import to_json

        return to_json(dossier)
    if fmt == "timelinejs":
        from dossier.export.timelinejs import to_timelinejs

        return to_timelinejs(dossier, title)
    from dossier.export.base import to_markdown

    return to_markdown(dossier)


def _export_files(fmt: str, dossier, out, root, force: bool, title: str) -> list:
    from dossier.export.out import prepare_file, prepare_folder, write_file

    if fmt in ("json", "timelinejs"):
        write_file(prepare_file(out, root, force), _export_text(fmt, dossier, title))
        return [out]
    prepare_folder(out, root, force)
    if fmt == "html":
        from dossier.export.htmlsite import write_html

        return write_html(dossier, out, title)
    if fmt == "csv":
        from dossier.export.csvtables import write_csv

        return write_csv(dossier, out)
    from dossier.export.markdown import write_markdown

    return write_markdown(dossier, out, title)


def cmd_cite(args) -> int:
    from dossier.index.cite import cite
    from dossier.index.index import Index
    from dossier.model.records import Quote
    from dossier.model.suggest import closest

    result = _load(args)
    index = Index(result.dossier)
    record = index.get(args.quote_id)
    if not isinstance(record, Quote):
        if record is not None:
            print(f"dossier: '{visible(args.quote_id)}' is a {record.kind_name}, not a quote", file=sys.stderr)
            return EXIT_PROBLEMS
        guess = closest(args.quote_id, [q.id for q in result.dossier.quotes])
        hint = f" (did you mean '{guess}'?)" if guess else ""
        print(f"dossier: no quote with id '{visible(args.quote_id)}'{hint}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(cite(index, record, args.style))
    return EXIT_OK


def cmd_new(args) -> int:
    from pathlib import Path

    from dossier.starter import StarterError, create_starter, describe

    target = Path(args.dir).expanduser()
    try:
        written = create_starter(target)
    except (StarterError, OSError) as error:
        print(f"dossier: nothing written: {visible(str(error))}", file=sys.stderr)
        return EXIT_PROBLEMS
    sys.stdout.write(visible(describe(target, written)))
    return EXIT_OK


def cmd_show(args) -> int:
    from dossier.index.index import Index
    from dossier.model.text import visible
    from dossier.render import show_record

    result = _load(args)
    index = Index(result.dossier)
    record = index.get(args.id)
    if record is None:
        from dossier.model.suggest import closest

        guess = closest(args.id, index.dossier.by_id)
        hint = f" (did you mean '{guess}'?)" if guess else ""
        print(f"dossier: no record with id '{visible(args.id)}'{hint}", file=sys.stderr)
        return EXIT_PROBLEMS
    _console().print(show_record(index, record))
    return EXIT_OK


def cmd_search(args) -> int:
    from dossier.index.index import Index
    from dossier.render import hits_table, no_match

    result = _load(args)
    index = Index(result.dossier)
    query = " ".join(args.query)
    hits = index.search(query, limit=args.limit)
    if not hits:
        print(no_match(index.suggest(query)), file=sys.stderr)
        return EXIT_PROBLEMS
    _console().print(hits_table(hits))
    return EXIT_OK


def cmd_schema(args) -> int:
    from dossier.export.jsonschema import json_schema, markdown_reference

    if args.format == "markdown":
        print(markdown_reference())
    else:
        print(json.dumps(json_schema(args.kind), indent=2, ensure_ascii=False))
    return EXIT_OK


def cmd_app(args) -> int:
    from dossier.store.paths import choose_data

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
    "cite": cmd_cite,
    "new": cmd_new,
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
