"""The model: the schema (one declaration of every kind and field), records, dates, problems, text hygiene.

Imports nothing of ours: every other layer stands on it.
"""
