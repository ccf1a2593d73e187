"""The index of links walked in a forked child while the loader checks the dossier.

Once the last file is read, the walk of every record's links (`incoming_rows`, half a
second at 100,000 quotes) and the checks of the whole dossier each need only the
joined records, and the cores that parsed the files sit idle: so after a read by a
pool, the walk runs in a child forked the moment the records are joined (`Forked`),
and the checks here at the same time. Its result is the very value `incoming_rows`
gives here, or None (no fork, the child failed), and the index then walks the links
itself, as after a small dossier's load.
"""

from __future__ import annotations

from dossier.load.parallel import Forked
from dossier.model.records import Dossier


class LinksAside:
    def __init__(self, wanted: bool):
        self.wanted = wanted
        self.forked: Forked | None = None
        self.state: tuple | None = None

    def start(self, dossier: Dossier) -> None:
        if self.wanted and self.forked is None:
            # Here, not at the top: a first paint loads no index (it is read without one).
            from dossier.index.index import incoming_rows

            self.forked = Forked(lambda: incoming_rows(dossier))

    def result(self) -> tuple | None:
        """`incoming_rows` of the joined dossier, once; None without a child's answer."""
        if self.forked is not None:
            state = self.forked.result()
            self.forked = None
            self.state = state if isinstance(state, tuple) else None
        return self.state

    def cancel(self) -> None:
        if self.forked is not None:
            self.forked.cancel()
            self.forked = None
