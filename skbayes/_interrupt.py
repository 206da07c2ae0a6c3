"""Ctrl-C during a search: the first stops it gracefully, a second aborts."""

from __future__ import annotations

import contextlib
import signal
import threading

__all__ = ["InterruptGuard"]


class InterruptGuard:
    """Turns SIGINT into a graceful stop of a search.

    While the guard is active (a ``with`` block in the main thread, where
    Python's default handler was in place), the first SIGINT raises
    ``KeyboardInterrupt`` where the search is (a fit, a proposal, a callback)
    and is remembered in :attr:`requested`, so that a ``KeyboardInterrupt``
    swallowed on its way (inside a ``__del__``, say) still stops the search
    at its next check. In a :meth:`shielded` block (recording a batch,
    writing the checkpoint) SIGINT is held back until the block ends, so
    that no record is half written. A second SIGINT sets :attr:`aborting`:
    the search does not catch it.
    """

    def __init__(self):
        self.count = 0
        self._shielded = 0
        self._held = False
        self._previous = None

    @property
    def requested(self):
        """Whether SIGINT was received."""
        return self.count > 0

    @property
    def aborting(self):
        """Whether SIGINT was received twice: the search is to be abandoned."""
        return self.count > 1

    def __enter__(self):
        if (
            threading.current_thread() is threading.main_thread()
            and signal.getsignal(signal.SIGINT) is signal.default_int_handler
        ):
            self._previous = signal.signal(signal.SIGINT, self._handle)
        return self

    def __exit__(self, *exc_info):
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)
            self._previous = None
        return False

    def _handle(self, signum, frame):
        self.count += 1
        if self._shielded:
            self._held = True
            return
        raise KeyboardInterrupt

    @contextlib.contextmanager
    def shielded(self):
        """Hold SIGINT back until the block has finished."""
        self._shielded += 1
        try:
            yield
        finally:
            self._shielded -= 1
        if not self._shielded and self._held:
            self._held = False
            raise KeyboardInterrupt
