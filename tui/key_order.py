"""Keys are handled in the order they were typed, each against what the one before left.

Textual sends a key to the widget that has focus when the key *arrives*, and runs a
screen's bindings only once the key has bubbled up to the app. Keys that arrive in one
read (a fast typist, a macro, keys pressed while a frame is drawn on a busy machine) are
therefore all sent on before the first has run: the letters typed after ctrl+f went to
the list instead of the filter box, where bare letters are commands, and `/qwen` typed
at once quit the app before the search box had opened.

So after a key that may move focus or open a screen, the app holds the keys that follow
until that one has been handled all the way: by each widget it bubbles through, by the
app's bindings, and by the screen a binding may have opened, which takes focus as it
resumes. Each step is a callback queued behind the key on the node that handles it
next, so nothing is polled and a key alone is never delayed. The keys one holds down
(a cursor's moves, a page's scroll) and text typed into a box change no focus: they
flow on at once, as Textual alone sends them, so a held key's cursor keeps up.
"""

from __future__ import annotations

from collections import deque
from time import monotonic

from textual import events
from textual.app import App
from textual.message_pump import MessagePump
from textual.widgets import Input

# Bindings that move a cursor or scroll and never move focus: a key bound only to these
# (or to nothing) lets the next key go at once.
KEEPS_FOCUS = frozenset({
    "list.up", "list.down", "list.first", "list.last", "list.page-up", "list.page-down",
    "profile.next-link", "profile.previous-link", "profile.top", "profile.bottom",
    "profile.page-up", "profile.page-down", "search.next", "search.previous",
})  # fmt: skip
# A key still unfinished after this long (its widget closed before it ran) lets the
# next one go rather than holding the keyboard.
STUCK_AFTER = 0.5


class KeysInOrder(App):
    """Mixed into the app before `App`: holds the keys that arrive while one is in flight."""

    _key_in_flight: events.Key | None = None  # sent on, not yet handled all the way
    _key_let_go: events.Key | None = None  # held, let go: on its way back to the app's queue
    _key_sent_at = 0.0
    _key_screen: object = None  # the screen in front when the key in flight was sent on

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._held_keys: deque[events.Key] = deque()  # arrived while one was in flight, in order

    async def on_event(self, event: events.Event) -> None:
        if not isinstance(event, events.Key) or event.is_forwarded:
            await super().on_event(event)
            return
        if event is self._key_let_go:
            self._key_let_go = None
        elif self._key_in_flight is not None or self._key_let_go is not None or self._held_keys:
            self._held_keys.append(event)
            if len(self._held_keys) == 1:
                self.set_timer(STUCK_AFTER, self._unstick)
            return
        if not self._may_move_focus(event):
            await super().on_event(event)
            self._let_next_go()  # the next key may follow it at once
            return
        self._key_in_flight, self._key_sent_at = event, monotonic()
        try:
            self._key_screen = self.screen
            target: MessagePump | None = self.focused or self._key_screen
        except Exception:  # no screen yet, or none any more
            self._key_screen = target = None
        await super().on_event(event)
        if event.is_forwarded and target is not None:
            self._after(target, event)  # sent on: follow it as it bubbles
        else:
            self._settle(event)  # a priority binding took it, or nothing could

    def _may_move_focus(self, key: events.Key) -> bool:
        """Whether handling `key` may change where the next key goes: not for text typed
        into a box, nor for a key bound only to cursor moves (or to nothing) here."""
        try:
            focused = self.focused
            chain = self.screen._modal_binding_chain
        except Exception:
            return True
        if key.is_printable and isinstance(focused, Input):
            return False  # the box takes it as text
        bound = [b for _, bindings in chain for b in bindings.key_to_bindings.get(key.key, ())]
        return any(binding.id not in KEEPS_FOCUS for binding in bound)

    def _after(self, node: MessagePump, key: events.Key) -> None:
        """Run `_handled` on `node` once `node` has handled `key` (queued behind it)."""
        if not node.call_later(self._handled, node, key):
            self._settle(key)  # `node` is closing: it will not handle it

    def _handled(self, node: MessagePump, key: events.Key) -> None:
        if key is not self._key_in_flight:
            return
        parent = node._parent
        if key._stop_propagation or not key.bubble or parent is None:
            self._settle(key)
        elif parent is self:
            self.call_later(self._settle, key)  # after the app's bindings have run on it
        else:
            self._after(parent, key)

    def _settle(self, key: events.Key) -> None:
        """Let the next key go: at once if the key left a widget with focus on the same
        screen (focus moves at once within a screen); else once the screen in front has
        handled what is queued for it (a screen a binding just pushed gives focus to its
        box as it resumes)."""
        try:
            screen = self.screen
        except Exception:
            screen = None
        if screen is self._key_screen and screen is not None and screen.focused is not None:
            self._release(key)
        elif screen is None or not screen.call_later(self._release, key):
            self._release(key)

    def _release(self, key: events.Key) -> None:
        if key is not self._key_in_flight:
            return
        self._key_in_flight = None
        self._let_next_go()

    def _let_next_go(self) -> None:
        if self._held_keys and self._key_let_go is None:
            self._key_let_go = self._held_keys.popleft()
            self.post_message(self._key_let_go)  # behind any key that arrived meanwhile, which waits

    def _unstick(self) -> None:
        if self._key_in_flight is not None and monotonic() - self._key_sent_at >= STUCK_AFTER:
            self._release(self._key_in_flight)
        if self._held_keys or self._key_in_flight is not None:
            self.set_timer(STUCK_AFTER, self._unstick)
