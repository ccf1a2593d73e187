"""Whatever the files hold, loading returns a dossier plus problems and never raises.

Random profile mappings (field names of the schema mixed with odd keys, values of
every YAML type) go through `yaml.safe_dump`; random YAML-ish text goes in as it is.
The examples are few and derandomised so the suite stays fast and repeatable.
"""

from __future__ import annotations

import datetime
import os
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dossier.export.jsondoc import to_json
from dossier.export.markdown import to_markdown
from dossier.index.index import Index
from dossier.load.loader import load_dossier
from dossier.model import schema as S
from dossier.model.text import has_unsafe

from .nasty import CONTROLS, MARKUP

SETTINGS = settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)
odd_text = st.one_of(
    text,
    st.sampled_from(
        [MARKUP, CONTROLS, "no", "1e3", "0755", "2025-02-30", "[[x]]", "[[Bad Id]]", "王小明", "e\u0301", "", " ", "~"]
    ),
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(min_value=datetime.date(1, 1, 1)),
    odd_text,
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.one_of(odd_text, st.integers()), inner, max_size=4)
    ),
    max_leaves=12,
)
FIELD_NAMES = sorted({f.name for kind in (*S.PROFILE_KINDS, S.EVENT) for f in kind.fields} | {"<<"})
keys = st.one_of(st.sampled_from(FIELD_NAMES), odd_text, st.integers(), st.booleans())
profile = st.dictionaries(keys, values, max_size=8)
FOLDERS = [kind.folder for kind in S.PROFILE_KINDS]


def check_loads(root: Path, files: set[str]) -> None:
    result = load_dossier(root, cache=False)
    for problem in result.problems:
        assert problem.file in files, problem
        assert problem.line >= 0 and problem.column >= 0
        assert not has_unsafe(str(problem)), problem
    index = Index(result.dossier)
    for record_id in list(result.dossier.by_id)[:5]:
        index.backlinks(record_id)
    index.search("a")
    to_json(result.dossier)
    to_markdown(result.dossier)


@SETTINGS
@given(
    people=st.lists(profile, max_size=3),
    folder=st.sampled_from(FOLDERS),
    events=st.lists(profile, max_size=3),
)
def test_random_profile_mappings_load_into_problems(people, folder, events):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        files = set()
        for number, data in enumerate(people):
            rel = f"{folder}/record-{number}.yaml"
            (root / folder).mkdir(exist_ok=True)
            (root / rel).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
            files.add(rel)
        (root / "timeline.yaml").write_text(yaml.safe_dump(events, allow_unicode=True), encoding="utf-8")
        files.add("timeline.yaml")
        check_loads(root, files)


TOKENS = [*"-:?[]{},&*!|>'\"%@`#\n\t \\", "\r\n", "<<", "!!python/name:", "name", "roles", "---", "  ", "&a", "*a"]
yaml_ish = st.lists(st.one_of(st.sampled_from(TOKENS), st.characters(blacklist_categories=("Cs",))), max_size=120).map(
    "".join
)


@SETTINGS
@given(body=yaml_ish, folder=st.sampled_from([*FOLDERS, "timeline"]))
def test_random_yaml_text_loads_into_problems(body, folder):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        rel = "timeline.yaml" if folder == "timeline" else f"{folder}/x.yaml"
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(body, encoding="utf-8", newline="")
        check_loads(root, {rel})


@SETTINGS
@given(data=st.binary(max_size=200))
def test_random_bytes_load_into_problems(data):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "people").mkdir()
        (root / "people" / "x.yaml").write_bytes(data)
        check_loads(root, {"people/x.yaml"})


# -- well-formed records whose references point anywhere ---------------------------------

POOL = ["p1", "p2", "l1", "l2", "m1", "m2", "e1", "s1", "q1", "nobody"]
refs = st.sampled_from(POOL)
ref_lists = st.lists(refs, max_size=3)
dates = st.sampled_from(["2024", "2024-02", "2024-02-29", "2025-21~", "2023?", "2025-02-30"])


@st.composite
def linked_dossiers(draw) -> dict[str, object]:
    """Records of every kind with valid shapes; references to any id, themselves, or nothing."""
    name = draw(odd_text.filter(lambda t: t.strip() != "")) or "x"
    return {
        "people/p1.yaml": {
            "name": name,
            "summary": f"see [[{draw(refs)}]] and [[{draw(refs)}|{name}]]",
            "roles": [{"org": draw(refs), "start": draw(dates), "end": draw(dates), "sources": draw(ref_lists)}],
        },
        "people/p2.yaml": {"name": "P2", "roles": [{"org": draw(refs), "sources": ["s1"]}]},
        "labs/l1.yaml": {"name": name, "kind": "lab", "parent": draw(refs), "founded": draw(dates)},
        "labs/l2.yaml": {"name": "L2", "kind": "company", "parent": draw(refs), "dissolved": draw(dates)},
        "models/m1.yaml": {"name": name, "developer": draw(refs), "family": draw(refs), "released": draw(dates)},
        "models/m2.yaml": {"name": "M2", "developer": draw(refs), "family": draw(refs)},
        "sources/s1.yaml": {
            "title": name,
            "outlet": draw(refs),
            "author": draw(refs),
            "published": draw(dates),
            "cites": draw(ref_lists),
            "quotes": [
                {"id": "q1", "text": name, "speaker": draw(refs), "about": draw(ref_lists), "event": draw(refs)}
            ],
        },
        "timeline.yaml": [
            {"id": "e1", "date": draw(dates), "title": name, "involves": draw(ref_lists), "sources": draw(ref_lists)}
        ],
    }


@settings(SETTINGS, max_examples=40)  # each example writes four exports
@given(files=linked_dossiers())
def test_records_linked_every_which_way_render_and_export(files):
    from rich.console import Console

    from dossier.export.csvtables import write_csv
    from dossier.export.htmlsite import write_html
    from dossier.export.markdown import write_markdown
    from dossier.export.timelinejs import to_timelinejs
    from dossier.index.cite import cite
    from dossier.model.records import Quote
    from dossier.render import hits_table, show_record

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "d"
        for rel, data in files.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        check_loads(root, set(files))
        dossier = load_dossier(root, cache=False).dossier
        index = Index(dossier)
        console = Console(file=open(os.devnull, "w"), width=100)  # noqa: SIM115
        for record in dossier.by_id.values():
            console.print(show_record(index, record))
            if isinstance(record, Quote):
                cite(index, record, "chicago")
        console.print(hits_table(index.search("x")))
        to_timelinejs(dossier)
        write_html(dossier, Path(tmp) / "site")
        write_csv(dossier, Path(tmp) / "csv")
        write_markdown(dossier, Path(tmp) / "md")
