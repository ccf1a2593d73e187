"""Nothing is ever written into the dossier folder, whatever command runs over it.

The dossier is made read-only (which stops a write unless the tests run as root) and
every file's checksum, size, mode and mtime, and the list of files, are compared
before and after: that holds as root too.
"""

from __future__ import annotations

import pytest

from tests.helpers import MINIMAL, run_cli, write_dossier

from .nasty import add_broken_files, write_nasty_dossier
from .snapshot import make_read_only, make_writable, snapshot


@pytest.fixture(scope="module")
def read_only_dossier(tmp_path_factory):
    root = write_dossier(tmp_path_factory.mktemp("ro") / "d", MINIMAL)
    write_nasty_dossier(root)
    add_broken_files(root)
    (root / "archive").mkdir()
    (root / "archive" / "note.txt").write_text("archived text\n", encoding="utf-8")
    make_read_only(root)
    before = snapshot(root)
    yield root, before
    make_writable(root)


COMMANDS = {
    # name: (arguments, expected exit code); {out} is a fresh folder outside the dossier
    "validate": (["validate"], 1),
    "validate json": (["validate", "--format", "json"], 1),
    "show": (["show", "ada-lovelace"], 0),
    "show missing": (["show", "nobody"], 1),
    "search": (["search", "model"], 0),
    "schema": (["schema"], 0),
    "schema markdown": (["schema", "--format", "markdown"], 0),
    "cite": (["cite", "q-one"], 0),
    "export json": (["export", "--format", "json"], 0),
    "export markdown": (["export", "--format", "markdown"], 0),
    "export timelinejs": (["export", "--format", "timelinejs"], 0),
    "export json file": (["export", "--format", "json", "{out}/d.json"], 0),
    "export markdown folder": (["export", "--format", "markdown", "{out}/md"], 0),
    "export html folder": (["export", "--format", "html", "{out}/site"], 0),
    "export csv folder": (["export", "--format", "csv", "{out}/csv"], 0),
    "export into the dossier": (["export", "--format", "json", "{root}/people/out.json"], 1),
    "export html into the dossier": (["export", "--format", "html", "{root}/site", "--force"], 1),
    "export over a dossier file": (["export", "--format", "json", "{root}/people/ada-lovelace.yaml", "--force"], 1),
}


@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_command_leaves_the_dossier_untouched(read_only_dossier, tmp_path, name):
    root, before = read_only_dossier
    args, code = COMMANDS[name]
    args = [a.format(out=tmp_path, root=root) for a in args]
    done = run_cli("--data", str(root), *args)
    assert done.returncode == code, done.stderr
    if code == 1 and name.startswith("export"):
        assert "is inside the dossier folder" in done.stderr
    assert snapshot(root) == before


def test_loading_with_the_cache_writes_only_into_the_cache_folder(read_only_dossier, tmp_path, monkeypatch):
    from dossier.load.loader import load_dossier

    root, before = read_only_dossier
    cache = tmp_path / "cache"
    monkeypatch.setenv("DOSSIER_CACHE_DIR", str(cache))
    first = load_dossier(root)
    second = load_dossier(root)  # from the cache
    assert [str(p) for p in first.problems] == [str(p) for p in second.problems]
    assert snapshot(root) == before
    assert any(cache.rglob("*")), "the cache lives outside the dossier"
