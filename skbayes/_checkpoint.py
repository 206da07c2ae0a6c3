"""Checkpoints: the evaluated candidates of a search, as readable JSON.

A checkpoint never holds code or pickled objects: a candidate is written as
its sub-space and the canonical key of its point (category positions,
numbers), which the search space turns back into the very values. Loading
a checkpoint therefore executes nothing, and a checkpoint written for
another estimator, space, scoring or cross-validation is refused.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import json
import math
import os
import re
import tempfile
from collections.abc import Mapping

import numpy as np

from .space import Dimension, SearchSpace, Space

__all__ = ["Checkpoint", "CheckpointError"]

_FORMAT = "skbayes-checkpoint"
_VERSION = 2


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


_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def _describe(obj, depth=0):
    """A description of ``obj`` that is the same in every process.

    Unlike ``repr``, it holds no memory address (functions, scipy.stats
    distributions) and is never shortened (scikit-learn's ``repr`` of a large
    pipeline is): estimators are described by their class and parameters,
    functions by their qualified name, frozen distributions by their name
    and arguments, arrays by a digest of their contents.
    """
    if depth > 50:  # pragma: no cover - a cycle in the parameters
        return type(obj).__qualname__
    if obj is None or isinstance(obj, (bool, int, str)):
        return obj
    if isinstance(obj, (float, np.floating)):
        value = float(obj)
        return value if math.isfinite(value) else repr(value)
    if isinstance(obj, np.integer):
        return int(obj)
    if isinstance(obj, np.ndarray):
        if obj.dtype == object:
            payload = json.dumps(_describe(obj.tolist(), depth + 1)).encode()
        else:
            payload = np.ascontiguousarray(obj).tobytes()
        digest = hashlib.sha256(payload).hexdigest()
        return {"ndarray": [str(obj.dtype), list(obj.shape), digest]}
    if isinstance(obj, Mapping):
        return {str(k): _describe(v, depth + 1) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_describe(v, depth + 1) for v in obj]
    if isinstance(obj, range):
        return {"range": [obj.start, obj.stop, obj.step]}
    if isinstance(obj, SearchSpace):
        return [
            [_describe(space, depth + 1), budget]
            for space, budget in zip(obj.subspaces, obj.budgets)
        ]
    if isinstance(obj, Space):
        return {name: _describe(dim, depth + 1) for name, dim in obj.items()}
    if isinstance(obj, Dimension):
        return {type(obj).__name__: _describe(obj._state(), depth + 1)}
    if isinstance(obj, functools.partial):
        return {
            "partial": _describe(obj.func, depth + 1),
            "args": _describe(obj.args, depth + 1),
            "keywords": _describe(obj.keywords, depth + 1),
        }
    if inspect.isroutine(obj) or inspect.isclass(obj):
        return f"{getattr(obj, '__module__', '')}.{getattr(obj, '__qualname__', '')}"
    if hasattr(obj, "get_params"):  # an estimator or a splitter
        try:
            params = obj.get_params(deep=False)
        except Exception:  # pragma: no cover - a broken get_params
            params = None
        if params is not None:
            return {_describe(type(obj)): _describe(params, depth + 1)}
    if hasattr(obj, "dist") and hasattr(obj, "args") and hasattr(obj, "kwds"):
        # a frozen scipy.stats distribution
        return {
            "distribution": getattr(obj.dist, "name", _describe(type(obj.dist))),
            "args": _describe(obj.args, depth + 1),
            "kwds": _describe(obj.kwds, depth + 1),
        }
    return _ADDRESS.sub("", repr(obj))


def fingerprint(search, search_space):
    """What must match for a checkpoint to be resumed."""
    parts = {
        "estimator": _describe(search.estimator),
        "search_spaces": _describe(search_space),
        "scoring": _describe(search.scoring),
        "cv": _describe(search.cv),
        "return_train_score": bool(search.return_train_score),
    }
    parts = json.loads(json.dumps(parts))  # as it reads back from the file
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
