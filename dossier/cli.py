"""`python -m dossier [--data DIR] [SUBCOMMAND ...]`: the app by default, or a subcommand.

Subcommands never import Textual, so `validate` stays fast and works without a
terminal. Exit codes: 0 success, 1 problems found (or record not found), 2 bad usage.
"""

from __future__ import annotations

import argparse
import json
import sys

from dossier.export.registry import FORMATS
from dossier.model.text import count, safe_json, visible

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
    p = command("export", "export the whole dossier in one of the formats below")
    formats = "; ".join(f"{f.name}: {f.purpose}" for f in FORMATS.values())
    p.add_argument("--format", choices=tuple(FORMATS), default="json", help=formats)
    p.add_argument(
        "out",
        nargs="?",
        metavar="OUT",
        help="folder to write (html, csv, markdown) or file (the others); "
        "all but html and csv print to stdout without it",
    )
    p.add_argument("--force", action="store_true", help="write into a non-empty OUT, replacing files of the same name")
    p.add_argument("--title", default="Dossier", help="the title of the exported site or timeline")
    p.add_argument("--bom", action="store_true", help="csv: start each file with a UTF-8 byte order mark (for Excel)")
    p = command("cite", "print a ready-to-paste citation of a quote or a source")
    p.add_argument("record_id", metavar="ID", help="the quote's or the source's id")
    p.add_argument(
        "--style",
        default="plain",
        help="plain (the dossier's own), or a CSL style by name: chicago-author-date, apa, "
        "modern-language-association, any installed style (needs dossier[cite]); chicago is chicago-author-date",
    )
    p = sub.add_parser("new", help="create a small, valid, commented starter dossier in DIR")
    p.add_argument("dir", metavar="DIR", help="a new or empty folder")
    p = command("show", "print one record with its links and backlinks")
    p.add_argument("id", help="the record's id")
    p = command("evidence", "what a claim rests on: its independent origins, their flags, its strength, its conflicts")
    p.add_argument("id", nargs="?", metavar="ID", help="a record's id, or a role's: PERSON#role-N or PERSON#ORG")
    p.add_argument("--only-on", metavar="SOURCE_ID", help="list every claim resting on that source alone")
    p.add_argument("--conflicts", action="store_true", help="list every conflict: values sources disagree on")
    p.add_argument("--format", choices=("text", "json"), default="text")
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
    from dossier.load.folder_check import check_folder
    from dossier.store.paths import choose_data

    result = check_folder(choose_data(args.data), printed=args.format != "json")  # unchanged: the stored verdict
    errors, warnings = result.tally
    if args.format == "json":
        print(safe_json(json.dumps([p.to_json() for p in result.problems], ensure_ascii=False, indent=2)))
    else:
        if lines := result.lines:  # one write: tens of thousands of lines are a noticeable part of a warm validate
            sys.stdout.write(lines + "\n")
        counts = result.counts
        kinds = ", ".join(f"{counts.get(k, 0)} {k if counts.get(k, 0) == 1 else p}" for k, p in _PLURALS)
        verdict = "ok" if not errors else "FAILED"
        print(f"{verdict}: {kinds}; {count(errors, 'error')}, {count(warnings, 'warning')}")
    return EXIT_PROBLEMS if errors else EXIT_OK


_PLURALS = (("person", "people"), ("lab", "labs"), ("model", "models"), ("event", "events"),
            ("source", "sources"), ("quote", "quotes"))  # fmt: skip


def _problem_note(errors: int) -> None:
    if errors:
        print(f"dossier: {count(errors, 'error')} in the dossier; run `dossier validate`", file=sys.stderr)


def cmd_export(args) -> int:
    from pathlib import Path

    from dossier.export.out import ExportError
    from dossier.export.registry import ExportOptions, MissingDependency, writer

    fmt = FORMATS[args.format]
    if fmt.needs_out and not args.out:
        print(f"dossier: export --format {fmt.name} needs OUT, the folder to write", file=sys.stderr)
        return EXIT_USAGE
    if fmt.name == "json":
        return _export_json(args)
    options = ExportOptions(title=args.title, bom=args.bom)
    try:
        write = writer(fmt.folder if args.out and fmt.writes_folder else fmt.text)
    except MissingDependency as error:
        extra = f"; install it with: pip install 'dossier[{fmt.extra}]'" if fmt.extra else ""
        print(f"dossier: export --format {fmt.name} needs a library that is missing ({error}){extra}", file=sys.stderr)
        return EXIT_USAGE
    result = _load(args)
    _problem_note(len(result.errors))
    if not args.out:
        text = write(result.dossier, options)
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return EXIT_OK
    out, root = Path(args.out).expanduser(), Path(result.dossier.root or _data_root(args))
    try:
        written = _export_files(fmt, write, result.dossier, out, root, args.force, options)
    except (ExportError, OSError) as error:
        print(f"dossier: not exported: {visible(str(error))}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"wrote {len(written)} file{'s' * (len(written) != 1)} to {visible(str(out))}", file=sys.stderr)
    note = writer(fmt.note)(result.dossier) if fmt.note else ""
    if note:
        print(note, file=sys.stderr)
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


def _export_files(fmt, write, dossier, out, root, force: bool, options) -> list:
    from dossier.export.out import prepare_file, prepare_folder, write_file

    if not fmt.writes_folder:
        write_file(prepare_file(out, root, force), write(dossier, options))
        return [out]
    prepare_folder(out, root, force)
    return write(dossier, out, options)


def cmd_cite(args) -> int:
    from dossier.index.csl import CitationError, citation
    from dossier.index.index import Index
    from dossier.model.records import Quote, Source
    from dossier.model.suggest import closest

    result = _load(args)
    index = Index(result.dossier)
    record = index.get(args.record_id)
    if not isinstance(record, Quote | Source):
        if record is not None:
            print(
                f"dossier: '{visible(args.record_id)}' is a {record.kind_name}, not a quote or a source",
                file=sys.stderr,
            )
            return EXIT_PROBLEMS
        ids = [q.id for q in result.dossier.quotes] + [s.id for s in result.dossier.sources]
        guess = closest(args.record_id, ids)
        hint = f" (did you mean '{guess}'?)" if guess else ""
        print(f"dossier: no quote or source with id '{visible(args.record_id)}'{hint}", file=sys.stderr)
        return EXIT_PROBLEMS
    try:
        print(citation(index, record, args.style))
    except CitationError as error:
        print(f"dossier: {visible(str(error))}", file=sys.stderr)
        return EXIT_USAGE
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


def cmd_evidence(args) -> int:
    from dossier.index.evidence import role_claims
    from dossier.index.evidence_plain import plain_claim, plain_conflict, plain_source
    from dossier.index.index import Index
    from dossier.model.records import Source
    from dossier.model.suggest import closest
    from dossier.render import claim_line, conflict_block, evidence_block, source_evidence

    asked = [bool(args.id), bool(args.only_on), args.conflicts]
    if sum(asked) != 1:
        print("dossier: evidence needs one of ID, --only-on SOURCE_ID or --conflicts", file=sys.stderr)
        return EXIT_USAGE
    result = _load(args)
    _problem_note(len(result.errors))
    index = Index(result.dossier)
    evidence = index.evidence
    as_json = args.format == "json"

    def emit_json(value) -> int:
        print(safe_json(json.dumps(value, ensure_ascii=False, indent=2)))
        return EXIT_OK

    if args.conflicts:
        conflicts = evidence.conflicts()
        if as_json:
            return emit_json([plain_conflict(c) for c in conflicts])
        if not conflicts:
            print("no conflict: no two sources give different values for one figure", file=sys.stderr)
        for conflict in conflicts:
            _console().print(conflict_block(index, conflict), soft_wrap=True)
        return EXIT_OK
    wanted = args.only_on or args.id
    record = index.get(wanted)
    if args.only_on:
        if not isinstance(record, Source):
            if record is not None:
                print(f"dossier: '{visible(wanted)}' is a {record.kind_name}, not a source", file=sys.stderr)
                return EXIT_PROBLEMS
            return _no_such(wanted, "source", closest(wanted, evidence.sources))
        claims = evidence.only_on(record.id)
        if as_json:
            return emit_json([{"claim": c.id, "kind": c.kind} for c in claims])
        relayers = sorted(evidence.basis(record.id) - {record.id})
        if relayers:
            print(
                f"note: '{visible(record.id)}' was not read; what it says was read in "
                f"{', '.join(relayers)}: what rests on it alone is listed under those",
                file=sys.stderr,
            )
        for claim in claims:  # plain text, one line each: data for scripts
            print(claim_line(index, claim).plain)
        return EXIT_OK
    if isinstance(record, Source):
        if as_json:
            return emit_json(plain_source(evidence, record.id))
        _console().print(source_evidence(index, record), soft_wrap=True)
        return EXIT_OK
    claims = evidence.claims_of(record) if record is not None else evidence.find(wanted)
    if not claims:
        person = index.get(wanted.partition("#")[0])
        if "#" in wanted and person is not None and person.kind_name == "person":
            roles = [c.id for c in role_claims(person)]  # type: ignore[arg-type]
            known = ", ".join(roles) if roles else "none"
            print(f"dossier: no role '{visible(wanted)}'; the roles of {person.id}: {known}", file=sys.stderr)
            return EXIT_PROBLEMS
        return _no_such(wanted, "record", closest(wanted.partition("#")[0], index.dossier.by_id))
    if as_json:
        found = [plain_claim(c, evidence.of(c)) for c in claims]
        conflicts = (
            [plain_conflict(c) for c in evidence.conflicts_of(claims[0].record)] if claims[0].role is None else []
        )
        return emit_json({"claims": found, "conflicts": conflicts})
    console = _console()
    for number, claim in enumerate(claims):
        if number:
            console.print()
        console.print(evidence_block(index, claim, evidence.of(claim)), soft_wrap=True)
    return EXIT_OK


def _no_such(wanted: str, what: str, guess: str) -> int:
    hint = f" (did you mean '{guess}'?)" if guess else ""
    print(f"dossier: no {what} with id '{visible(wanted)}'{hint}", file=sys.stderr)
    return EXIT_PROBLEMS


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
    "evidence": cmd_evidence,
    "schema": cmd_schema,
    "cite": cmd_cite,
    "new": cmd_new,
}


# The runtime dependencies pyproject.toml declares, by import name.
REQUIRED_PACKAGES = frozenset({"yaml", "rich", "textual", "watchfiles", "platformdirs"})


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)  # exits 2 on bad usage
    if not hasattr(args, "data"):
        args.data = None
    handler = COMMANDS.get(args.command or "", cmd_app)
    try:
        return handler(args)
    except ModuleNotFoundError as error:
        # Run from a checkout without installing: one line that says how, not a traceback.
        if error.name not in REQUIRED_PACKAGES:
            raise
        print(
            f"dossier: the package '{error.name}' is not installed; install dossier first: python -m pip install .",
            file=sys.stderr,
        )
        return EXIT_USAGE
    except BrokenPipeError:  # `dossier export | head`
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
