"""The browsing screen's actions on evidence and citations, and its store warnings.

- `E` (and the palette) sets the evidence filter, which the people, timeline and quotes
  panes follow; a bar under the breadcrumb says it is on, what it hides and how much.
- `c` (and the palette) lists every conflict, side by side.
- `y` copies a citation of the quote (or source) shown, in the style the reader chose
  (`State.cite_style`, kept with the rest of the state), and falls back to the plain
  form, saying why, when that style cannot be used.
- Warnings the stores wrote to stderr (an untrusted cache folder), which the app's
  screen hides, are shown once each as notifications.

A mixin of the browsing screen (`screens/browse.py`), whose panes and session it uses,
so that the browsing screen's module keeps to its one job.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from dossier.index.csl import PLAIN, citation_or_plain, style_name
from dossier.model.records import Quote, Source
from dossier.store.private import warnings_so_far

from ..evidence_filter import OFF, EvidenceFilter
from ..lines import count_of

KIND_WORDS = {"event": "event", "quote": "quote", "profile": "profile"}


class WeighingActions:
    evidence_filter: EvidenceFilter = OFF

    # -- the evidence filter ---------------------------------------------------------
    def action_evidence_filter(self) -> None:
        from .evidence import EvidenceFilterScreen

        self.app.push_screen(EvidenceFilterScreen(self.evidence_filter), self._evidence_filter_chosen)

    def _evidence_filter_chosen(self, choice: EvidenceFilter | None) -> None:
        if choice is not None:
            self.set_evidence_filter(choice)

    def set_evidence_filter(self, evidence_filter: EvidenceFilter) -> None:
        """Hide, in every pane, the claims `evidence_filter` hides (OFF shows them all)."""
        self.evidence_filter = evidence_filter
        self.browse.set_evidence_filter(evidence_filter)
        self.timeline.set_evidence_filter(evidence_filter)
        self.quotes.evidence_filter = evidence_filter
        self._refresh_focus(keep_quote=self.shown)
        if self.shown:  # the focus record's events and quotes come forward again
            record = self.index.get(self.shown)
            if record is not None and record.kind_name == "event":
                self.timeline.show_event(record.id)
        self.show_evidence_bar()
        if evidence_filter.active:
            self.notify(f"Evidence filter on: it {evidence_filter.describe()}.", markup=False, timeout=2)
        else:
            self.notify("Evidence filter off: every claim shown.", markup=False, timeout=2)

    def show_evidence_bar(self) -> None:
        bar = self.query_one("#evidence-bar", Static)
        evidence_filter = self.evidence_filter
        bar.set_class(evidence_filter.active, "on")
        if not evidence_filter.active:
            return
        counts = evidence_filter.hidden_counts(self.index)
        hidden = ", ".join(count_of(n, KIND_WORDS[kind]) for kind, n in counts.items()) or "nothing"
        bar.update(Text(f"Evidence filter on (E): {evidence_filter.describe()} · hidden: {hidden}"))

    # -- conflicts ------------------------------------------------------------------------
    def action_conflicts(self) -> None:
        from .evidence import ConflictsScreen

        self.app.push_screen(ConflictsScreen(self.index), self._conflict_chosen)

    def _conflict_chosen(self, record_id: str | None) -> None:
        if record_id and self.open_record(record_id):
            self.focus_pane(1)  # the event (each value with links to its sources), or a source

    # -- citations ------------------------------------------------------------------------
    def action_copy_quote(self) -> None:
        shown = self.index.get(self.shown)
        record: Quote | Source | None = shown if isinstance(shown, Source) else self.selected_quote()
        if record is None:
            self.notify("No quote selected.", severity="warning", timeout=2)
            return
        style = self.session.state.cite_style or PLAIN
        # A quote keeps its speaker and the « quote »; a source is its reference entry.
        text, why = citation_or_plain(self.index, record, style)
        self.app.copy_to_clipboard(text)
        if why:
            self.notify(f"{text}\n\n{why}", title="Citation copied, plain", severity="warning", markup=False)
        else:
            self.notify(text, title=f"Citation copied ({style_name(style)})", markup=False)

    def set_cite_style(self, style: str) -> None:
        """The style `y` cites in from now on (kept with the state for the next runs)."""
        self.session.state.cite_style = style_name(style)
        self.session.save()
        self.notify(f"Citations now in {style_name(style)} style (y copies one).", markup=False, timeout=2)

    # -- what the stores could not tell a reader on stderr ----------------------------------
    def announce_store_warnings(self) -> None:
        shown = self.session.warnings_shown
        for message in warnings_so_far():
            if message not in shown:
                shown.add(message)
                self.notify(message, title="Cache not used", severity="warning", markup=False, timeout=10)
