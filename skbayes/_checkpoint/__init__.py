"""Checkpoints: the evaluated candidates of a search (see ``_file.py``)."""

from ._file import (
    Checkpoint,
    CheckpointError,
    CheckpointRecord,
    describe_search,
    fingerprint_digest,
)

__all__ = [
    "Checkpoint",
    "CheckpointError",
    "CheckpointRecord",
    "describe_search",
    "fingerprint_digest",
]
