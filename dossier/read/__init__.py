"""Reading one file: bytes -> position-carrying YAML nodes -> records, problems and references.

Imports only `dossier.model`.
"""
