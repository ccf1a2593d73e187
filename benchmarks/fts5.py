"""SQLite FTS5 against dossier's own search index, on the same dossier and queries.

    python benchmarks/fts5.py [FOLDER]      # default: the L dossier of generate.py

What the choice of the search engine rests on (README, "Search"): the time to build
each, and the time per query of the queries `run.py` times, FTS5 ranking with bm25
over weighted columns (name, aliases, title, body) as the issue proposed, the last word
as a prefix. The FTS5 table is built in a temporary file, never in the dossier.
"""

from __future__ import annotations

import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import DEFAULT_ROOT  # noqa: E402
from run import QUERIES  # noqa: E402

from dossier.index.search import SearchIndex  # noqa: E402
from dossier.load.loader import load_dossier  # noqa: E402
from dossier.model.text import query_words  # noqa: E402

BODY = ("text", "translation", "summary", "note")


def columns(record) -> tuple[str, str, str, str, str]:
    body = " ".join(value for value in (getattr(record, name, "") for name in BODY) if isinstance(value, str))
    return (record.id, getattr(record, "name", "") or "", " ".join(getattr(record, "aliases", ())),
            getattr(record, "title", "") or "", body)  # fmt: skip


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_ROOT / "L"
    records = list(load_dossier(folder, cache=False).dossier.by_id.values())
    with tempfile.TemporaryDirectory() as scratch:
        start = time.perf_counter()
        db = sqlite3.connect(Path(scratch) / "fts.db")
        db.execute(
            "CREATE VIRTUAL TABLE s USING fts5(id UNINDEXED, name, aliases, title, body,"
            " tokenize='unicode61 remove_diacritics 2', prefix='1 2 3')"
        )
        db.executemany("INSERT INTO s VALUES (?, ?, ?, ?, ?)", map(columns, records))
        db.commit()
        fts_build = time.perf_counter() - start
        size = (Path(scratch) / "fts.db").stat().st_size
        start = time.perf_counter()
        ours = SearchIndex(records)
        our_build = time.perf_counter() - start

        def fts(query: str) -> None:
            terms = query_words(query)
            match = " ".join(f'"{t}"' for t in terms[:-1]) + f' "{terms[-1]}"*'
            db.execute("SELECT id FROM s WHERE s MATCH ? ORDER BY bm25(s, 10, 8, 7, 2) LIMIT 50", (match,)).fetchall()

        print(f"{len(records):,} records; build: FTS5 {fts_build:.2f} s ({size / 1e6:.0f} MB), ours {our_build:.2f} s")
        for group, queries in QUERIES.items():
            times: dict[str, list[float]] = {"FTS5": [], "ours": []}
            for _ in range(3):
                for query in queries:
                    for name, run in (("FTS5", fts), ("ours", ours.search)):
                        start = time.perf_counter()
                        run(query)
                        times[name].append(time.perf_counter() - start)
            print(f"  {group:10}" + "".join(
                f"  {name} median {statistics.median(t) * 1000:.1f} ms, max {max(t) * 1000:.1f} ms"
                for name, t in times.items()
            ))  # fmt: skip
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
