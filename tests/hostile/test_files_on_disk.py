"""Odd files on disk: too big, empty, not a file, unreadable, not UTF-8, vanishing."""

from __future__ import annotations

import errno
import os
import types
from pathlib import Path

import pytest

import dossier.load.loader as load_module
import dossier.read.file as file_module
from dossier.load.loader import load_dossier
from dossier.read.place import MAX_FILE_BYTES
from tests.helpers import libyaml_wording, problems_of_file, write_file

LIMIT_MIB = MAX_FILE_BYTES // (1024 * 1024)
NOT_UTF8 = "not UTF-8 text: byte 0x{:02x} cannot be decoded (save the file as UTF-8)"


def problems_in(root: Path) -> list[str]:
    return [str(p) for p in load_dossier(root).problems]


def test_a_50_mb_file_is_refused_by_its_size_without_reading_it(tmp_path):
    root = tmp_path / "d"
    path = root / "people" / "big.yaml"
    path.parent.mkdir(parents=True)
    with open(path, "wb") as handle:  # sparse: the size is what matters, not the bytes
        handle.truncate(50 * 1024 * 1024)
    assert problems_in(root) == [
        f"people/big.yaml: error: file is 52.4 MB, over the {LIMIT_MIB} MiB limit per file (split it into several files)"
    ]


def test_one_10_mb_line_is_refused_by_its_size(tmp_path):
    got = problems_of_file(tmp_path, b"name: " + b"x" * (10 * 1024 * 1024) + b"\n")
    assert got == [
        f"people/bob.yaml: error: file is 10.5 MB, over the {LIMIT_MIB} MiB limit per file (split it into several files)"
    ]


def test_a_long_line_under_the_limit_loads(tmp_path):
    got = problems_of_file(tmp_path, "name: Bob\nsummary: " + "word " * 200_000 + "\n")
    assert got == []


def test_an_empty_file(tmp_path):
    assert problems_of_file(tmp_path, b"") == ["people/bob.yaml: error: file is empty; expected a person"]


def test_a_file_of_only_comments_is_empty_too(tmp_path):
    assert problems_of_file(tmp_path, "# nothing yet\n\n") == [
        "people/bob.yaml: error: file is empty; expected a person"
    ]


def test_an_empty_timeline_is_only_a_warning(tmp_path):
    assert problems_of_file(tmp_path, b"", rel="timeline.yaml") == [
        "timeline.yaml: warning: file is empty; expected a list of events"
    ]


def test_a_list_where_a_mapping_is_expected(tmp_path):
    got = problems_of_file(tmp_path, "- name: Bob\n")
    assert got == ["people/bob.yaml:1:1: error: expected a person (a mapping of fields), got a list"]


def test_a_mapping_where_the_timeline_list_is_expected(tmp_path):
    got = problems_of_file(tmp_path, "date: 2025\ntitle: x\n", rel="timeline.yaml")
    assert got == ["timeline.yaml:1:1: error: expected a list of events, got a mapping"]


def test_a_plain_string_where_a_mapping_is_expected(tmp_path):
    got = problems_of_file(tmp_path, "just some words\n")
    assert got == ["people/bob.yaml:1:1: error: expected a person (a mapping of fields), got text"]


def test_a_folder_named_like_a_yaml_file(tmp_path):
    root = tmp_path / "d"
    (root / "people" / "x.yaml").mkdir(parents=True)
    assert problems_in(root) == ["people/x.yaml: error: is a folder, expected a YAML file"]


def test_symlink_loops_and_dangling_links(tmp_path):
    root = tmp_path / "d"
    people = root / "people"
    people.mkdir(parents=True)
    os.symlink("loop.yaml", people / "loop.yaml")
    os.symlink("b.yaml", people / "a.yaml")
    os.symlink("a.yaml", people / "b.yaml")
    os.symlink("nowhere.yaml", people / "dangling.yaml")
    loop = os.strerror(errno.ELOOP)
    assert problems_in(root) == [
        f"people/a.yaml: error: cannot read this file: {loop}",
        f"people/b.yaml: error: cannot read this file: {loop}",
        f"people/dangling.yaml: error: cannot read this file: {os.strerror(errno.ENOENT)}",
        f"people/loop.yaml: error: cannot read this file: {loop}",
    ]


def test_a_symlinked_folder_loop_is_not_followed_forever(tmp_path):
    root = tmp_path / "d"
    write_file(root, "people/bob.yaml", "name: Bob\n")
    os.symlink("..", root / "people" / "up.yaml")
    assert problems_in(root) == ["people/up.yaml: error: is a folder, expected a YAML file"]


@pytest.mark.skipif(os.geteuid() == 0, reason="running as root: file permissions do not stop reads")
def test_an_unreadable_file_by_its_permissions(tmp_path):
    root = tmp_path / "d"
    path = write_file(root, "people/bob.yaml", "name: Bob\n")
    path.chmod(0)
    try:
        assert problems_in(root) == [
            f"people/bob.yaml: error: cannot read this file: {os.strerror(errno.EACCES)}",
        ]
    finally:
        path.chmod(0o644)


@pytest.mark.parametrize("code", [errno.EACCES, errno.EIO])
def test_a_file_that_cannot_be_opened(tmp_path, monkeypatch, code):
    """As root permissions never stop a read, so the refusal itself is simulated."""
    root = tmp_path / "d"
    write_file(root, "people/bob.yaml", "name: Bob\n")
    write_file(root, "people/eve.yaml", "name: Eve\n")

    def refusing(opener):
        def refuse(path, *args, **kwargs):
            if str(path).endswith("bob.yaml"):
                raise OSError(code, os.strerror(code), str(path))
            return opener(path, *args, **kwargs)

        return refuse

    # Both ways a file is opened: `os.open`, and `open` where that was refused.
    _reader_with(monkeypatch, open=refusing(os.open))
    monkeypatch.setattr(file_module, "open", refusing(open), raising=False)
    result = load_dossier(root, cache=False)
    assert [str(p) for p in result.problems] == [f"people/bob.yaml: error: cannot read this file: {os.strerror(code)}"]
    assert [p.id for p in result.dossier.people] == ["eve"], "the other files still load"


def test_an_unreadable_folder_of_profiles(tmp_path, monkeypatch):
    root = tmp_path / "d"
    write_file(root, "people/bob.yaml", "name: Bob\n")
    real_scandir = os.scandir

    def refuse(path):
        if str(path).endswith("people"):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_scandir(path)

    monkeypatch.setattr(load_module.os, "scandir", refuse)
    assert problems_in(root) == [f"people: error: cannot read this folder: {os.strerror(errno.EACCES)}"]


# -- encodings and bytes ----------------------------------------------------------------


def test_invalid_utf8_at_its_line_and_column(tmp_path):
    got = problems_of_file(tmp_path, "name: Bob\nsummary: café\n".encode("latin-1"))
    assert got == ["people/bob.yaml:2:13: error: " + NOT_UTF8.format(0xE9)]


def test_utf16_is_not_utf8(tmp_path):
    got = problems_of_file(tmp_path, "name: Bob\n".encode("utf-16"))
    assert got == ["people/bob.yaml:1:1: error: " + NOT_UTF8.format(0xFF)]


def test_a_utf8_bom_is_ignored_and_lines_stay_right(tmp_path):
    got = problems_of_file(tmp_path, b"\xef\xbb\xbfname: Bob\nsumary: x\n")
    assert got == [
        "people/bob.yaml:2:1: error: unknown field `sumary` in person (did you mean `summary`?)",
    ]


def test_a_nul_byte(tmp_path):
    got = problems_of_file(tmp_path, b"name: Bob\nsummary: a\x00b\n")
    assert got == ["people/bob.yaml:2:11: error: invalid YAML: the file holds a NUL byte (is it a binary file?)"]


def test_a_raw_control_character_after_accented_text_is_placed_right(tmp_path):
    """libyaml counts bytes; the column is counted in characters, as an editor does."""
    got = problems_of_file(tmp_path, "name: Bob\nsummary: ééé\x1bb\n".encode())
    assert got == [
        "people/bob.yaml:2:13: error: invalid YAML: control character \\x1b is not allowed in a YAML file "
        "(remove it, or write it as an escape inside double quotes)"
    ]


def test_crlf_line_ends_keep_lines_and_values_right(tmp_path):
    root = tmp_path / "d"
    write_file(root, "people/bob.yaml", b"name: Bob\r\nsummary: >\r\n  two\r\n  lines\r\nsumary: 1\r\n")
    result = load_dossier(root)
    assert [str(p) for p in result.problems] == [
        "people/bob.yaml:5:1: error: unknown field `sumary` in person (did you mean `summary`?)"
    ]
    assert result.dossier.people[0].summary == "two lines\n"
    assert result.dossier.people[0].name == "Bob"


@libyaml_wording
def test_a_tab_in_indentation(tmp_path):
    got = problems_of_file(tmp_path, b"name: Bob\nroles:\n\t- org: x\n")
    assert got == [
        "people/bob.yaml:3:1: error: invalid YAML: found character that cannot start any token "
        "(while scanning for the next token) (YAML indents with spaces; this line starts with a tab)"
    ]


def test_tabs_inside_values_are_fine(tmp_path):
    root = tmp_path / "d"
    write_file(root, "people/bob.yaml", b"name:\tBob\nsummary: a\tb\n")
    result = load_dossier(root)
    assert result.problems == []
    assert result.dossier.people[0].summary == "a\tb"


# -- files that change or vanish while being read ------------------------------------


def test_a_file_deleted_between_listing_and_reading(tmp_path, monkeypatch):
    root = tmp_path / "d"
    write_file(root, "people/bob.yaml", "name: Bob\n")
    write_file(root, "people/eve.yaml", "name: Eve\n")
    real_read_file = load_module.read_file

    def delete_then_read(folder, file):
        if file.path == "people/bob.yaml":
            (folder / file.path).unlink()
        return real_read_file(folder, file)

    monkeypatch.setattr(load_module, "read_file", delete_then_read)
    result = load_dossier(root)
    assert [str(p) for p in result.problems] == [
        f"people/bob.yaml: error: cannot read this file: {os.strerror(errno.ENOENT)}"
    ]
    assert [p.id for p in result.dossier.people] == ["eve"]


def _reader_with(monkeypatch, **calls) -> None:
    """The file reader's `os` with some of its calls replaced (the rest of the load,
    which stamps racy files with `os.fstat` too, keeps the real ones)."""
    monkeypatch.setattr(file_module, "os", types.SimpleNamespace(**{**vars(os), **calls}))


def _changed_after_its_stat(monkeypatch, change) -> None:
    """Run `change(path)` on a file once it is open and its size known, before it is read."""

    def fstat_then_change(fd):
        info = os.fstat(fd)
        change(os.readlink(f"/proc/self/fd/{fd}"))
        return info

    _reader_with(monkeypatch, fstat=fstat_then_change)


needs_proc = pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="finds an open file's path in /proc")


@needs_proc
def test_a_file_that_grows_past_the_limit_while_being_read(tmp_path, monkeypatch):
    root = tmp_path / "d"
    path = write_file(root, "people/bob.yaml", "name: Bob\n")
    _changed_after_its_stat(monkeypatch, lambda target: Path(target).write_bytes(b"#" * (MAX_FILE_BYTES + 10)))
    assert problems_in(root) == [f"people/bob.yaml: error: file is over the {LIMIT_MIB} MiB limit"]
    assert path.stat().st_size > MAX_FILE_BYTES


@libyaml_wording
@needs_proc
def test_a_file_truncated_mid_edit_while_being_read(tmp_path, monkeypatch):
    root = tmp_path / "d"
    write_file(root, "people/bob.yaml", "name: Bob\nroles:\n  - org: lab-x\n")
    _changed_after_its_stat(monkeypatch, lambda target: Path(target).write_bytes(b"name: Bob\nroles:\n  - org: [lab"))
    assert problems_in(root) == [
        "people/bob.yaml:3:14: error: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence)"
    ]


def test_a_file_replaced_by_a_folder_before_it_is_opened(tmp_path, monkeypatch):
    root = tmp_path / "d"
    path = write_file(root, "people/bob.yaml", "name: Bob\n")

    def swap_then_open(target, *args, **kwargs):
        if str(target).endswith("bob.yaml") and path.is_file():
            path.unlink()
            path.mkdir()
        return os.open(target, *args, **kwargs)

    _reader_with(monkeypatch, open=swap_then_open)
    assert problems_in(root) == ["people/bob.yaml: error: is a folder, expected a YAML file"]


def test_a_file_replaced_once_open_is_read_as_it_was_opened(tmp_path, monkeypatch):
    """Its open file is the one read, whatever now has its name: no mix of the two."""
    root = tmp_path / "d"
    path = write_file(root, "people/bob.yaml", "name: Bob\n")

    def fstat_then_swap(fd):
        info = os.fstat(fd)
        if path.is_file():
            path.unlink()
            path.mkdir()
        return info

    _reader_with(monkeypatch, fstat=fstat_then_swap)
    result = load_dossier(root, cache=False)
    assert [p.name for p in result.dossier.people] == ["Bob"] and result.problems == []


def test_the_dossier_folder_itself_missing_or_a_file(tmp_path):
    assert problems_in(tmp_path / "nowhere") == [f"{tmp_path / 'nowhere'}: error: no such dossier folder"]
    (tmp_path / "file").write_text("x")
    assert problems_in(tmp_path / "file") == [f"{tmp_path / 'file'}: error: no such dossier folder"]


# -- live reload: the app re-reads files as they change -----------------------------


def test_reload_after_a_file_vanishes_mid_read_keeps_its_last_good_records(tmp_path, monkeypatch):
    import dossier.load.reload as reload_module

    root = tmp_path / "d"
    write_file(root, "people/bob.yaml", "name: Bob\n")
    write_file(root, "people/eve.yaml", "name: Eve\n")
    reloader = reload_module.Reloader(root)
    real_read_file = reload_module.read_file

    def vanish_then_read(folder, file):
        (folder / file.path).unlink()
        return real_read_file(folder, file)

    monkeypatch.setattr(reload_module, "read_file", vanish_then_read)
    result = reloader.refresh({"people/bob.yaml"})
    assert [str(p) for p in result.problems] == [
        f"people/bob.yaml: error: cannot read this file: {os.strerror(errno.ENOENT)}",
        "people/bob.yaml: warning: showing this file as it was at its last good read (fix the error above and save again)",
    ]
    assert [p.id for p in result.dossier.people] == ["bob", "eve"]

    monkeypatch.setattr(reload_module, "read_file", real_read_file)
    result = reloader.refresh({"people/bob.yaml"})  # the watcher reports the deletion
    assert result.problems == []
    assert [p.id for p in result.dossier.people] == ["eve"]


@libyaml_wording
def test_reload_of_a_file_saved_half_way(tmp_path):
    from dossier.load.reload import Reloader

    root = tmp_path / "d"
    path = write_file(root, "people/bob.yaml", "name: Bob\n")
    reloader = Reloader(root)
    path.write_bytes(b"name: Bob\nroles: [\n")
    result = reloader.refresh({str(path)})
    assert [str(p) for p in result.problems] == [
        "people/bob.yaml: warning: showing this file as it was at its last good read (fix the error above and save again)",
        "people/bob.yaml:3:1: error: invalid YAML: did not find expected node content (while parsing a flow node)",
    ]
    assert [p.name for p in result.dossier.people] == ["Bob"]


def test_a_pipe_or_a_device_named_like_a_yaml_file_is_not_read(tmp_path):
    root = tmp_path / "d"
    (root / "people").mkdir(parents=True)
    os.mkfifo(root / "people" / "pipe.yaml")  # opening it would wait for a writer forever
    os.symlink("/dev/zero", root / "people" / "zero.yaml")  # reading it would never end
    message = "error: is not a regular file (a pipe, socket or device); not read"
    assert problems_in(root) == [f"people/pipe.yaml: {message}", f"people/zero.yaml: {message}"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/etc/passwd", "error: `text` of 's' points outside the dossier folder: /etc/passwd"),
        ("../outside.txt", "error: `text` of 's' points outside the dossier folder: ../outside.txt"),
        ("archive/link.txt", "error: `text` of 's' points outside the dossier folder: archive/link.txt"),
        ("archive/pipe.txt", "warning: cannot read the archived text archive/pipe.txt: not a regular file"),
        ("archive", "warning: cannot read the archived text archive: not a regular file"),
        (
            "archive/missing.txt",
            f"warning: cannot read the archived text archive/missing.txt: {os.strerror(errno.ENOENT)}",
        ),
        (
            "archive/huge.txt",
            "warning: cannot read the archived text archive/huge.txt: over the 64 MiB limit; its quotes are not checked",
        ),
    ],
)
def test_an_archived_text_path_that_leaves_the_dossier_or_is_not_a_file(tmp_path, text, expected):
    root = tmp_path / "d"
    write_file(root, "sources/s.yaml", f"title: S\ntext: {text}\nquotes:\n  - id: q\n    text: hello\n")
    (tmp_path / "outside.txt").write_text("hello")
    (root / "archive").mkdir()
    os.symlink(tmp_path / "outside.txt", root / "archive" / "link.txt")
    os.mkfifo(root / "archive" / "pipe.txt")
    with open(root / "archive" / "huge.txt", "wb") as handle:  # sparse: 10 GB on paper only
        handle.truncate(10 * 1024**3)
    assert problems_in(root) == [f"sources/s.yaml:1:1: {expected}"]


# -- file names ------------------------------------------------------------------------


def _write_or_skip(path: Path) -> bool:
    try:
        path.write_text("name: X\n")
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system refuses file names that are not UTF-8")
    return True


def test_file_names_that_are_not_utf8_are_reported_as_escapes(tmp_path):
    root = tmp_path / "d"
    (root / "people").mkdir(parents=True)
    for name in (b"\xff.yaml", b"\x9b2J.yaml"):  # 0x9b alone is the C1 CSI of 8-bit terminals
        _write_or_skip(root / "people" / os.fsdecode(name))
    assert problems_in(root) == [
        "people/\\x9b2J.yaml: error: file name is not UTF-8; not read (rename it)",
        "people/\\xff.yaml: error: file name is not UTF-8; not read (rename it)",
    ]


def test_a_newline_in_a_file_name_cannot_forge_another_problem_line(tmp_path):
    root = tmp_path / "d"
    write_file(root, "people/a\nb.yaml", "name: X\n")
    assert problems_in(root) == [
        "people/a\\x0ab.yaml:1:1: error: the file name 'a\\x0ab' is not a valid id "
        "(ids are lower-case letters, digits and hyphens; rename the file or set `id:`)"
    ]


def test_a_dossier_folder_whose_path_is_not_utf8(tmp_path):
    _write_or_skip(tmp_path / os.fsdecode(b"probe\xff"))
    root = tmp_path / os.fsdecode(b"r\xff") / "d"
    write_file(root, "people/bob.yaml", "name: Bob\n")
    result = load_dossier(root)
    assert result.problems == []
    assert [p.name for p in result.dossier.people] == ["Bob"]


def test_a_file_system_that_gives_a_few_bytes_a_read_loses_none(tmp_path, monkeypatch):
    """A network or FUSE file system may answer a read with fewer bytes than asked
    before the end: the file is read to its end all the same, and what the cache keeps
    is the whole file."""
    root = tmp_path / "d"
    write_file(root, "people/bob.yaml", "name: Bob\nsummary: " + "Works at [[lab-x]]. " * 40 + "\n")
    write_file(root, "labs/lab-x.yaml", "name: Lab X\n")
    write_file(
        root,
        "timeline/2025.yaml",
        "".join(f"- id: event-{n}\n  date: 2025-01\n  title: Event {n}\n  involves: [bob]\n" for n in range(40)),
    )
    expected = load_dossier(root, cache=False)
    _reader_with(monkeypatch, read=lambda fd, size: os.read(fd, min(size, 100)))
    for cache in (True, True, False):  # the second from the entries the first wrote
        found = load_dossier(root, cache=cache)
        assert len(found.dossier.events) == 40
        assert [str(p) for p in found.problems] == [str(p) for p in expected.problems]
        assert found.dossier.people == expected.dossier.people
