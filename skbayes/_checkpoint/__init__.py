"""Checkpoints: the evaluated candidates of a search, as readable JSON lines.

A checkpoint never holds code or pickled objects: a candidate is written as
its sub-space and the canonical key of its point (category positions,
numbers), which the search space turns back into the very values. Loading a
checkpoint therefore executes nothing, and a checkpoint written for another
estimator, space, scoring, cross-validation or data is refused.

Where things are:

* ``_fingerprint.py``: what must match for a checkpoint to be resumed,
  :func:`describe_search` (the estimator, the search space, the scoring, the
  cross-validation, digests of the data and of the code of callables), and
  :func:`fingerprint_digest`.
* ``_format.py``: the file format (described in its docstring): the lines
  and splits written, and the validation of everything read back
  (:class:`CheckpointError`, :class:`CheckpointRecord`).
* ``_file.py``: :class:`Checkpoint`, the file of one search: its path
  checked, loaded, begun (the header written atomically) and appended to
  (one ``write`` and ``fsync`` per batch).
"""

from ._file import Checkpoint
from ._fingerprint import describe_search, fingerprint_digest
from ._format import CheckpointError, CheckpointRecord

__all__ = [
    "Checkpoint",
    "CheckpointError",
    "CheckpointRecord",
    "describe_search",
    "fingerprint_digest",
]
