"""Fixtures of every test: a private cache directory, small dossiers on disk."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import MINIMAL, age_files, write_dossier


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory, monkeypatch):
    """Every test loads with an empty cache of its own, never the user's."""
    monkeypatch.setenv("DOSSIER_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    return write_dossier(tmp_path / "d", MINIMAL)


@pytest.fixture
def aged_dossier(tmp_path: Path) -> Path:
    """The minimal dossier plus a person with a broken reference, every file dated back."""
    files = dict(MINIMAL)
    files["people/broken-ref.yaml"] = "name: Broken\nroles:\n  - org: lab-z\n    sources: [article-one]\n"
    root = write_dossier(tmp_path / "d", files)
    age_files(root)
    return root
