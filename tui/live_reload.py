"""Live reload: watch the dossier's folder and hand each new load to the screen."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from dossier.index.index import Index
from dossier.load.assemble import LoadResult
from dossier.load.reload import Reloader
from dossier.model.text import one_line


def watch_dossier(data: Path, result: LoadResult, stop: threading.Event,
                  reloaded: Callable[[LoadResult, Index], None], say: Callable[[str], None]) -> None:  # fmt: skip
    """Until `stop` is set (run it in a thread): on every change of a YAML file, reload
    what changed and call `reloaded`; `say` tells the reader why watching stopped."""
    try:
        import watchfiles  # optional: without it the app works, without live reload
    except ImportError:
        say("Live reload needs the watchfiles package.")
        return
    reloader = Reloader(data, result)
    try:
        for changes in watchfiles.watch(data, stop_event=stop, debounce=100, step=50):
            paths = {path for _, path in changes if path.endswith((".yaml", ".yml")) or not Path(path).suffix}
            if not paths:
                continue
            result = reloader.refresh(paths)
            reloaded(result, Index(result.dossier))
    except OSError as error:  # the folder went away, or too many files to watch
        say(one_line(f"Live reload stopped: {error}"))
