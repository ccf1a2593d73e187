"""Writing a loaded dossier out: one writer interface and a registry of formats.

Imports the layers below it; nothing in it imports `dossier.cli`.
"""
