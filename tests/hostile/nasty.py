"""A dossier whose every string tries to drive the terminal or the markup parser."""

from __future__ import annotations

from pathlib import Path

import yaml

MARKUP = "[bold]B[/bold] [/foo] [@click=app.quit]x[/] [link=file:///etc/passwd]y[/link]"
CONTROLS = "\x1b[2J\x1b[H \x1b]52;c;cHduZWQ=\x07 \x1b]0;title\x07 a\rb c\bd \x9b31m \u202egnp.exe"
NASTY = f"Evil {MARKUP} {CONTROLS} end"

# What must never reach a terminal: ESC, BEL, CR, BS, the C1 CSI, the bidi override.
RAW_BYTES = (b"\x1b", b"\x07", b"\r", b"\x08", "\x9b".encode(), "\u202e".encode())
# What the reader sees instead.
VISIBLE = ("\\x1b[2J", "\\x1b]52;c;cHduZWQ=\\x07", "\\x0d", "\\x08", "\\x9b31m", "\\u202e")
MARKUP_PIECES = ("[bold]B[/bold]", "[/foo]", "[@click=app.quit]x[/]", "[link=file:///etc/passwd]y[/link]")


def _dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


def write_nasty_dossier(root: Path) -> Path:
    """People, a lab, a model, a source with a quote and an event, all named NASTY."""
    files = {
        "people/evil.yaml": {
            "name": NASTY,
            "aliases": [NASTY],
            "summary": f"{NASTY} works at [[evil-lab]].",
            "roles": [{"org": "evil-lab", "title": NASTY, "start": "2024", "sources": ["evil-source"]}],
        },
        "labs/evil-lab.yaml": {"name": NASTY, "kind": "lab", "summary": NASTY},
        "models/evil-model.yaml": {"name": NASTY, "developer": "evil-lab", "summary": NASTY},
        "sources/evil-source.yaml": {
            "title": NASTY,
            "outlet": "evil-lab",
            "published": "2025-01-02",
            "url": "https://example.org/evil",
            "quotes": [{"id": "evil-quote", "text": NASTY, "speaker": "evil", "translation": NASTY, "note": NASTY}],
        },
        "timeline.yaml": [
            {
                "id": "evil-event",
                "date": "2025-01-02",
                "title": NASTY,
                "summary": NASTY,
                "involves": ["evil", "evil-lab"],
                "sources": ["evil-source"],
            }
        ],
    }
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_dump(data), encoding="utf-8")
    return root


def add_broken_files(root: Path) -> None:
    """Files whose problems quote hostile keys and names back to the reader."""
    (root / "people" / "broken.yaml").write_text(
        _dump({"name": "Broken", f"bad {CONTROLS} {MARKUP}": 1}), encoding="utf-8"
    )
    (root / "people" / "\x1b[2J\u202e.yaml").write_text("name: Hidden\n", encoding="utf-8")
    (root / "labs" / "markup-lab.yaml").write_text(_dump({"name": "Markup", "kind": "[b]x[/b] [@click=app.quit]y[/]"}))
