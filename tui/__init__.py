"""The Textual app: panes for people, timeline and source quotes over dossier.index."""
