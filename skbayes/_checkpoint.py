"""Checkpoints: the evaluated candidates of a search, as readable JSON.

A checkpoint never holds code or pickled objects: a candidate is written as
its sub-space and the canonical key of its point (category positions,
numbers), which the search space turns back into the very values. Loading
a checkpoint therefore executes nothing, and a checkpoint written for
another estimator, space, scoring or cross-validation is refused.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import tempfile

import numpy as np

__all__ = ["Checkpoint", "CheckpointError"]

_FORMAT = "skbayes-checkpoint"
_VERSION = 1


class CheckpointError(ValueError):
    """A checkpoint file that cannot be used (corrupt, or for another search)."""


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (np.floating, float)):
        value = float(value)
        return value if math.isfinite(value) else repr(value)
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, np.ndarray):
        return [_jsonable(v) for v in value.tolist()]
    return value


def _number(value):
    if isinstance(value, str):  # "nan", "inf", "-inf"
        return float(value)
    if isinstance(value, dict):
        return {k: _number(v) for k, v in value.items()}
    return value


def _key_to_json(key):
    return [list(k) if isinstance(k, tuple) else k for k in key]


def _key_from_json(key):
    return tuple(tuple(k) if isinstance(k, list) else k for k in key)


def fingerprint(search, search_space):
    """What must match for a checkpoint to be resumed."""
    parts = {
        "estimator": repr(search.estimator),
        "search_spaces": repr(search_space),
        "scoring": repr(search.scoring),
        "cv": repr(search.cv),
        "return_train_score": bool(search.return_train_score),
    }
    digest = hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()
    return parts, digest


class Checkpoint:
    """Reads and writes the checkpoint file of one search."""

    def __init__(self, path, parts, digest):
        self.path = os.fspath(path)
        self.parts = parts
        self.digest = digest

    def load(self, search_space):
        """The candidates recorded in the file (none if it does not exist).

        Returns a list of ``(subspace, point, iteration, fits)``.
        """
        if not os.path.exists(self.path):
            return []
        try:
            with open(self.path, encoding="utf-8") as f:
                data = json.load(f)
            if data.get("format") != _FORMAT:
                raise ValueError("not a skbayes checkpoint")
            if data.get("version") != _VERSION:
                raise ValueError(f"unsupported version {data.get('version')!r}")
            records = data["candidates"]
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise CheckpointError(
                f"checkpoint: cannot read {self.path!r} ({exc}); the file was left "
                "as it is. Remove it or pass another path to start afresh."
            ) from None
        if data.get("fingerprint") != self.digest:
            theirs = data.get("search", {})
            differ = sorted(k for k in self.parts if theirs.get(k) != self.parts[k])
            raise CheckpointError(
                f"checkpoint: {self.path!r} was written by another search (its "
                f"{', '.join(differ) or 'settings'} differ). Remove it or pass "
                "another path to start afresh."
            )
        out = []
        try:
            for rec in records:
                subspace = search_space.subspaces[rec["subspace"]]
                point = _point_from_key(subspace, _key_from_json(rec["key"]))
                fits = [
                    {k: _number(v) if k != "fit_error" else v for k, v in fit.items()}
                    for fit in rec["fits"]
                ]
                out.append((rec["subspace"], point, rec["iteration"], fits))
        except (KeyError, IndexError, TypeError, ValueError) as exc:
            raise CheckpointError(
                f"checkpoint: {self.path!r} holds a candidate that is not in the "
                f"search space ({exc!r}); the file was left as it is."
            ) from None
        return out

    def save(self, records):
        """Write atomically: a reader sees the old file or the new one."""
        data = {
            "format": _FORMAT,
            "version": _VERSION,
            "fingerprint": self.digest,
            "search": self.parts,
            "candidates": [
                {
                    "subspace": subspace,
                    "key": _key_to_json(key),
                    "iteration": int(iteration),
                    "fits": [_jsonable(fit) for fit in fits],
                }
                for subspace, key, iteration, fits in records
            ],
        }
        folder = os.path.dirname(os.path.abspath(self.path))
        fd, tmp = tempfile.mkstemp(prefix=".skbayes-", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            if os.path.exists(tmp):
                os.remove(tmp)
            raise


def _point_from_key(space, key):
    if len(key) != len(space.names):
        raise ValueError(f"key {key!r} has the wrong length")
    point = {}
    for (name, dim), k in zip(space.items(), key):
        if dim.is_finite:
            point[name] = dim.value_at(int(k))
        else:
            point[name] = k
        if not dim.contains(point[name]):
            raise ValueError(f"{name}={point[name]!r} is not in {dim!r}")
    return point
