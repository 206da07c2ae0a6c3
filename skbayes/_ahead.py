"""A call run in a thread of its own while the main thread does other work.

The runtime lets an optimizer prepare its next proposal (``prepare()``) while
a batch is evaluated.
"""

from __future__ import annotations

import threading

__all__ = ["Ahead"]


class Ahead:
    """A call run in a thread of its own; its result, or its error, kept.

    The caller touches nothing the call uses until it has waited for it.
    """

    def __init__(self, function):
        self._function = function
        self._result = self._error = None
        self._thread = threading.Thread(
            target=self._run, name="skbayes-prepare", daemon=True
        )
        self._thread.start()

    def _run(self):
        try:
            self._result = self._function()
        except BaseException as error:  # re-raised by result()
            self._error = error

    def wait(self):
        """Until the call has returned."""
        self._thread.join()

    def result(self):
        """The call's return value; its exception re-raised here."""
        self.wait()
        if self._error is not None:
            raise self._error
        return self._result
