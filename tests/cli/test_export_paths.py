"""Every export format, through the registry, as a user runs it on bad data."""

from __future__ import annotations

import importlib.util

import pytest

from dossier.export.registry import FORMATS
from tests.helpers import MINIMAL, run_cli, write_dossier

BAD = {
    **MINIMAL,
    "sources/evil.yaml": "title: Evil\nurl: 'javascript:alert(1)'\nquotes:\n  - {id: q-evil, text: Gotcha}\n",
    "people/broken.yaml": "name: Broken\nroles:\n  - org: no-such-lab\n    sources: [evil]\n",
}
LINKED = ('href="javascript', "](javascript", "<javascript", '"URL": "javascript', '"sourceUrl": ["javascript')


def _available(name: str) -> bool:
    extra = FORMATS[name].extra
    return not extra or importlib.util.find_spec({"ftm": "followthemoney"}[extra]) is not None


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_every_format_exports_bad_data_with_a_clear_note_and_links_no_javascript(name, tmp_path):
    if not _available(name):
        pytest.skip(f"the {FORMATS[name].extra} extra is not installed")
    root = write_dossier(tmp_path / "d", BAD)
    out = tmp_path / "out"
    result = run_cli("export", "--format", name, str(out), "--data", str(root))
    assert result.returncode == 0, result.stderr
    assert "1 error in the dossier; run `dossier validate`" in result.stderr
    written = [out] if out.is_file() else [p for p in out.rglob("*") if p.is_file()]
    assert written
    for path in written:
        text = path.read_text(encoding="utf-8")
        assert not any(mark in text for mark in LINKED), (name, path)


def test_validate_warns_about_the_address_the_exports_leave_unlinked(tmp_path):
    root = write_dossier(tmp_path / "d", BAD)
    result = run_cli("validate", "--data", str(root))
    assert "sources/evil.yaml:2:6: warning: `url` is not a web address: 'javascript:alert(1)'" in result.stdout
    assert "only http and https addresses are made into links" in result.stdout


def test_the_help_lists_every_format_with_what_it_is_for():
    result = run_cli("export", "--help")
    for fmt in FORMATS.values():
        assert fmt.name in result.stdout
    assert "Zotero" in result.stdout and "Aleph" in result.stdout
