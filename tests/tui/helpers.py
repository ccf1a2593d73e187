"""Helpers of the app's tests: a quiet app on a small committed dossier, waiting for it."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from tui.app import DossierApp

FIXTURE = Path(__file__).parent / "fixture"


def make_app(data: Path = FIXTURE, tmp: Path | None = None, **kwargs) -> DossierApp:
    state = (tmp / "state.json") if tmp is not None else None
    return DossierApp(data, watch=kwargs.pop("watch", False), state_path=state, **kwargs)


async def ready(pilot: Pilot) -> DossierApp:
    """Wait until the dossier has loaded and the first record is shown."""
    app = pilot.app
    for _ in range(200):
        if getattr(app, "index", None) is not None and app.main is not None and not app.main.query_one("#body").loading:
            break
        await pilot.pause(0.02)
    await pilot.pause()
    return app  # type: ignore[return-value]
