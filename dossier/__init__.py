"""dossier: load, check, index and export investigative dossiers (no Textual here)."""

__version__ = "0.1.0"
