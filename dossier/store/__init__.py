"""Everything kept in the user's cache and state directories, never in a dossier.

`stats` stamps files (what a user cannot set back), `private` makes and checks the
private folders and writes every file atomically, `database` opens the databases and
the signing key, `files` and `wholes` are the file cache, `first_screen` and `state`
what the app keeps between runs.

Imports `dossier.read` (a file's result is what the file cache keeps) and `dossier.model`.
"""
