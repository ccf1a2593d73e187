"""What is computed from a loaded dossier: links and backlinks, search, citations, density.

Handed a dossier (and, for search, what the loader found stored): imports `dossier.read` and `dossier.model`, never the store.
"""

from dossier.index.index import Index

__all__ = ["Index"]
