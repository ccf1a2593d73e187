"""The other panes follow a cursor once it rests, not on every step of a held key.

The cursor is drawn first and the panes follow just after that frame. While a key is
held (moves closer together than FOLLOW_DELAY), they follow only once the cursor
rests, so the cursor keeps up with the key's auto-repeat instead of trailing behind a
queue of profiles nobody looked at.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.dom import DOMNode
from textual.timer import Timer

# Seconds the cursor must rest: longer than a key's auto-repeat interval (~30 ms),
# short enough to feel immediate.
FOLLOW_DELAY = 0.05


class Follower:
    def __init__(self, node: DOMNode, follow: Callable[[str, bool], None]) -> None:
        self.node = node
        self.follow = follow  # (record id, whether it brings the record forward)
        self._pending: tuple[str, bool] | None = None
        self._timer: Timer | None = None
        self._last_move = 0.0  # time.monotonic() of the last move, to tell a held key

    def moved(self, record_id: str, brings_forward: bool) -> None:
        now = time.monotonic()
        held, self._last_move = now - self._last_move < FOLLOW_DELAY, now
        self._pending = (record_id, brings_forward)
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if held:
            self._timer = self.node.set_timer(FOLLOW_DELAY, self._rest, name="follow-cursor")
        else:
            self.node.call_after_refresh(self._rest)

    def _rest(self) -> None:
        self._timer = None
        pending, self._pending = self._pending, None
        if pending is not None:
            self.follow(*pending)
