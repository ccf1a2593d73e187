"""Checks on what the claims rest on: `cites` circles, reposts of unread sources, figures.

The evidence model (`dossier.index.evidence`) copes with all of these without failing;
these checks tell the author, at the line to fix, where its answer is not one a reader
can rely on.
"""

from __future__ import annotations

from dossier.index.evidence import NOT_READ, EvidenceIndex
from dossier.model.problems import WARNING, Problem, circle_problem
from dossier.model.records import Dossier, Loc, Source

REPOST_FLAGS = frozenset(("repost", "duplicate-text"))


def check_evidence(dossier: Dossier) -> list[Problem]:
    problems = check_cites_cycles(dossier.sources)
    problems += check_reposts_of_unread(dossier)
    problems += check_figures(dossier)
    return problems


def check_cites_cycles(sources: tuple[Source, ...]) -> list[Problem]:
    """A source that, through `cites`, ends up citing itself: no origin is then first.

    An iterative depth-first walk (a hostile chain of 100,000 sources must not overflow
    the stack); each circle is reported once, from its member that comes first in file order.
    """
    by_id = {s.id: s for s in sources}
    order = {s.id: n for n, s in enumerate(sources)}
    state: dict[str, int] = {}  # 1 on the walk, 2 done
    reported: set[frozenset[str]] = set()
    problems = []
    for start in sources:
        if start.id in state:
            continue
        path = [start.id]
        stack = [iter(start.cites)]
        state[start.id] = 1
        while stack:
            target = next(stack[-1], None)
            if target is None:
                stack.pop()
                state[path.pop()] = 2
                continue
            if target not in by_id or target == path[-1]:  # unknown or self: the reference checks say so
                continue
            if state.get(target) == 1:
                cycle = path[path.index(target) :]
                if frozenset(cycle) not in reported:
                    reported.add(frozenset(cycle))
                    hint = "a source cannot relay itself; remove the citation that is not in the text"
                    problems.append(circle_problem(cycle, order, by_id, "cites", hint))
            elif target not in state:
                state[target] = 1
                path.append(target)
                stack.append(iter(by_id[target].cites))
    return problems


def _repost_of_unread(source: Source, by_id: dict[str, Source]) -> list[str]:
    """The unread sources `source` only reposts, or [] when it is not such a repost."""
    if REPOST_FLAGS.isdisjoint(source.flags) or NOT_READ in source.flags:
        return []
    cited = [by_id[c] for c in source.cites if c in by_id and c != source.id]
    if cited and all(NOT_READ in c.flags for c in cited):
        return [c.id for c in cited]
    return []


def check_reposts_of_unread(dossier: Dossier) -> list[Problem]:
    """Claims resting on a repost of a source nobody read: the only text read is a copy."""
    by_id = {s.id: s for s in dossier.sources}
    reposts = {s.id: found for s in dossier.sources if (found := _repost_of_unread(s, by_id))}
    if not reposts:
        return []
    problems = []

    def warn(loc: Loc, what: str, repost: str) -> None:
        originals = ", ".join(f"'{o}'" for o in reposts[repost])
        problems.append(
            Problem(
                loc.file, loc.line, loc.column, WARNING,
                f"{what} {originals}, which the dossier did not read",
                "read the original and cite it (and drop its `not-read` flag), or cite another source",
            )
        )  # fmt: skip

    for claim in EvidenceIndex(dossier).claims():
        if claim.kind == "quote":
            continue
        for source_id in claim.sources:
            if source_id in reposts:
                what = f"role {claim.id}" if claim.role is not None else f"{claim.kind} '{claim.id}'"
                warn(claim.record.loc, f"{what} rests on '{source_id}', only a repost of", source_id)
    for source_id in reposts:
        source = by_id[source_id]
        if source.quotes:
            warn(source.loc, f"the quotes of '{source_id}' are taken from a repost of", source_id)
    return problems


def check_figures(dossier: Dossier) -> list[Problem]:
    """A figure's sources should be among its event's: the event rests on them too."""
    problems = []
    for event in dossier.events:
        for number, figure in enumerate(event.figures):
            missing = [s for s in figure.sources if s not in event.sources and s in dossier.by_id]
            if missing:
                loc = event.loc
                problems.append(
                    Problem(
                        loc.file, loc.line, loc.column, WARNING,
                        f"`figures[{number}]` of event '{event.id}' cites {', '.join(repr(m) for m in missing)}, "
                        "which the event's `sources` do not list",
                        "add it to the event's sources so the event shows all it rests on",
                    )
                )  # fmt: skip
    return problems
