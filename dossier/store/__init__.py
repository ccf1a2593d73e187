"""Everything kept in the user's cache and state directories, never in a dossier.

Imports `dossier.read` (a file's result is what the file cache keeps) and `dossier.model`.
"""
