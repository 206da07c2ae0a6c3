"""The checkpoint file of one search: :class:`Checkpoint`.

Its path is checked before anything is fitted; it is loaded (every line
validated by :mod:`._format`), begun (a new file gets its header, written
atomically) and appended to, one ``write`` and ``fsync`` per batch.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import warnings

import numpy as np

from ..utils._sklearn_compat import user_stacklevel
from ._fingerprint import _differences, fingerprint_digest
from ._format import (
    _FIDELITY_KEY,
    _FORMAT,
    _HEADER_KEYS,
    _READ_VERSIONS,
    _RECORD_KEYS,
    _VERSION,
    CheckpointError,
    CheckpointRecord,
    _Corrupt,
    _decode_splits,
    _encode_splits,
    _fidelity,
    _fit_line,
    _Fits,
    _is_int,
    _jsonable,
    _line,
    _parse_line,
    _point,
    _Refused,
    _short,
)

_AFRESH = "Remove it or pass another path to start afresh."


def _write_all(fd, data):
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _fsync_folder(folder):
    """Make a rename durable (POSIX; nothing to do elsewhere)."""
    if os.name != "posix":  # pragma: no cover
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _write_atomically(path, data):
    """Write ``data`` to ``path``: a reader sees no file or the whole of it."""
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".skbayes-", suffix=".tmp", dir=folder)
    try:
        try:
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.remove(tmp)
        raise
    _fsync_folder(folder)


class Checkpoint:
    """Reads and appends to the checkpoint file of one search.

    Parameters
    ----------
    path : str or path-like
        The file, as the user gave it (messages name it so).
    description : dict
        What :func:`describe_search` gives for the search.

    Attributes
    ----------
    path : str
        The path, as given (not made absolute).
    description : dict
        The description, as it reads back from a file.
    digest : str
        Its :func:`fingerprint_digest`.
    splits : list of (ndarray, ndarray) or None
        After :meth:`load`, the cross-validation splits stored in the file;
        None for a new file.

    Notes
    -----
    A search calls :meth:`check_path` and :meth:`load` before it fits
    anything, :meth:`begin` once, then :meth:`append` after each batch.
    """

    def __init__(self, path, description):
        self.path = os.fspath(path)
        self.description = json.loads(json.dumps(description))
        self.digest = fingerprint_digest(self.description)
        self.splits = None
        self._loaded = False  # load was called
        self._begun = False  # begin was called
        self._size = None  # bytes read by load (None: no file)
        self._keep = None  # bytes to keep: up to the last complete line
        self._newline = False  # the kept last line has no "\n" yet

    def _fail(self, message):
        return ValueError(f"checkpoint: {self.path!r} {message}")

    def check_path(self):
        """Raise ValueError if the checkpoint cannot be read and written.

        Called before anything is fitted. The path must not be empty or a
        folder; its folder must exist; an existing file must be readable and
        writable; for a new file, a file must be creatable in the folder.

        Raises
        ------
        ValueError
            Its message starts with ``"checkpoint: "`` and names the path.
        """
        path = self.path
        if not path:
            raise self._fail("is not a path: pass the path of a file to write.")
        if os.path.isdir(path):
            raise self._fail(
                "is a directory: pass the path of a file (in it, if you like)."
            )
        folder = os.path.dirname(path) or os.curdir
        if not os.path.isdir(folder):
            problem = "is not a folder" if os.path.exists(folder) else "does not exist"
            raise self._fail(
                f"cannot be written: its folder {folder!r} {problem}. Create the "
                "folder or pass another path."
            )
        if os.path.lexists(path):
            if not os.path.isfile(path):
                raise self._fail("is not a regular file: pass another path.")
            try:
                fd = os.open(path, os.O_RDWR)
            except OSError as exc:
                raise self._fail(
                    f"cannot be read and written ({exc.strerror}). Change its "
                    "permissions or pass another path."
                ) from None
            os.close(fd)
            return
        try:
            fd, tmp = tempfile.mkstemp(prefix=".skbayes-", suffix=".tmp", dir=folder)
        except OSError as exc:
            raise self._fail(
                f"cannot be created: a file cannot be created in its folder "
                f"{folder!r} ({exc.strerror}). Pass a path in another folder."
            ) from None
        os.close(fd)
        os.remove(tmp)

    def load(self, search_space, n_splits):
        """The candidates recorded in the file (none if it does not exist).

        Everything is validated before anything is returned; the file is
        not modified. Sets :attr:`splits`.

        Parameters
        ----------
        search_space : SearchSpace
            The search space, which turns the keys back into points.
        n_splits : int or None
            The number of folds of the search (every candidate must have as
            many); None to only check that all candidates have as many.

        Returns
        -------
        records : list of CheckpointRecord
            The candidates, in the order they were written (an incomplete
            last line left out).

        Raises
        ------
        CheckpointError
            If the file is not a checkpoint of this search, of this version,
            exactly as written. An incomplete last line (the search was
            killed while appending it) is dropped with a ``UserWarning``.
        """
        self.splits = None
        self._loaded, self._begun = True, False
        self._size = self._keep = None
        self._newline = False
        try:
            with open(self.path, "rb") as f:
                data = f.read()
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise CheckpointError(
                f"checkpoint: {self.path!r} cannot be read ({exc.strerror}); the "
                f"file was left as it is. {_AFRESH}"
            ) from None
        try:
            try:
                records, splits, keep, torn = self._parse(data, search_space, n_splits)
            except RecursionError:
                raise _Corrupt("it holds JSON nested too deeply") from None
        except _Corrupt as exc:
            raise CheckpointError(
                f"checkpoint: {self.path!r} is corrupt ({exc}); the file was left "
                f"as it is. {_AFRESH}"
            ) from None
        except _Refused as exc:
            raise CheckpointError(
                f"checkpoint: {self.path!r} {exc}; the file was left as it is. "
                f"{_AFRESH}"
            ) from None
        if torn:
            warnings.warn(
                f"checkpoint: {self.path!r} ends with an incomplete line (the "
                "search was stopped while writing it): that candidate will be "
                "evaluated again.",
                UserWarning,
                stacklevel=user_stacklevel(),
            )
        self.splits = splits
        self._size, self._keep = len(data), keep
        self._newline = not torn and not data.endswith(b"\n")
        return records

    def _parse(self, data, search_space, n_splits):
        if not data:
            raise _Corrupt("the file is empty")
        lines = data.split(b"\n")
        ends = []  # byte offset of the end of each line, its "\n" included
        offset = 0
        for raw in lines:
            offset += len(raw) + 1
            ends.append(offset)
        if lines[-1] == b"":  # the file ends with "\n"
            lines.pop()
            ends.pop()
        splits = self._header(lines[0], search_space, n_splits)
        if len(lines) == 1 and not data.endswith(b"\n"):
            raise _Corrupt("line 1: the header is incomplete")
        torn = False
        keep = len(data)
        if not data.endswith(b"\n") and len(lines) > 1:
            try:
                _parse_line(lines[-1])
            except _Corrupt:  # torn while appending: not a corruption
                lines.pop()
                keep = ends[len(lines) - 1]
                torn = True
        fits = _Fits(self.description.get("return_train_score"), n_splits)
        if splits is not None:
            fits.n_splits = len(splits)
        records, seen = [], {}
        for number, raw in enumerate(lines[1:], start=2):
            try:
                record = self._record(raw, search_space, fits)
            except _Corrupt as exc:
                raise _Corrupt(f"line {number}: {exc}") from None
            where = (search_space.key(record.point), record.fidelity)
            if where in seen:
                raise _Corrupt(
                    f"line {number}: the candidate {_short(record.point)} is listed "
                    f"twice (lines {seen[where]} and {number})"
                )
            seen[where] = number
            records.append(record)
        return records, splits, keep, torn

    def _header(self, raw, search_space, n_splits):
        try:
            header = _parse_line(raw)
        except _Corrupt as exc:
            raise _Corrupt(f"line 1: {exc}") from None
        if not isinstance(header, dict) or header.get("format") != _FORMAT:
            raise _Refused("is not a skbayes checkpoint")
        version = header.get("version")
        if not _is_int(version) or version not in _READ_VERSIONS:
            raise _Refused(
                "was written by another skbayes version (checkpoint format "
                f"version {_short(version)}; this version reads versions "
                f"{', '.join(map(str, _READ_VERSIONS))})"
            )
        if set(header) != _HEADER_KEYS:
            raise _Corrupt(
                f"line 1: the header has keys {sorted(header)}, not "
                f"{sorted(_HEADER_KEYS)}"
            )
        digest, search = header["fingerprint"], header["search"]
        if not isinstance(search, dict) or digest != fingerprint_digest(search):
            raise _Corrupt("line 1: the fingerprint is not that of the search")
        if digest != self.digest:
            differ = _differences(search, self.description)
            raise _Refused(
                f"was written by another search (its {', '.join(differ)} differ)"
            )
        try:
            splits = _decode_splits(header["splits"])
        except _Corrupt as exc:
            raise _Corrupt(f"line 1: {exc}") from None
        if splits is not None and n_splits is not None and len(splits) != n_splits:
            raise _Refused(
                f"holds {len(splits)} cross-validation splits, this search has "
                f"{n_splits}"
            )
        return splits

    def _record(self, raw, search_space, fits):
        rec = _parse_line(raw)
        if not isinstance(rec, dict) or set(rec) - {_FIDELITY_KEY} != _RECORD_KEYS:
            keys = sorted(rec) if isinstance(rec, dict) else _short(rec)
            raise _Corrupt(f"a candidate has keys {keys}, not {sorted(_RECORD_KEYS)}")
        index, iteration = rec["subspace"], rec["iteration"]
        n = len(search_space.subspaces)
        if not _is_int(index) or not 0 <= index < n:
            raise _Corrupt(
                f"subspace is {_short(index)}, not an integer from 0 to {n - 1}"
            )
        point = _point(search_space.subspaces[index], rec["key"])
        if not _is_int(iteration) or iteration < 0:
            raise _Corrupt(f"iteration is {_short(iteration)}, not an integer >= 0")
        fidelity = None
        if _FIDELITY_KEY in rec:
            fidelity = _fidelity(rec[_FIDELITY_KEY])
        return CheckpointRecord(index, point, iteration, fits(rec["fits"]), fidelity)

    def begin(self, splits):
        """Prepare the file for appending; called once, after :meth:`load`.

        A new file gets its header (written atomically). In an existing
        file, an incomplete last line dropped by :meth:`load` is cut off;
        the header is not rewritten.

        Parameters
        ----------
        splits : list of (array-like, array-like) or None
            The (train, test) indices of every split the search uses.

        Raises
        ------
        CheckpointError
            If the file changed since :meth:`load` read it, or holds other
            splits.
        """
        if not self._loaded:
            raise RuntimeError("Checkpoint.begin: call load first.")
        if self._begun:
            raise RuntimeError("Checkpoint.begin: called twice.")
        splits = None if splits is None else list(splits)
        encoded = _encode_splits(splits)
        if self._size is None:
            if os.path.lexists(self.path):
                raise CheckpointError(
                    f"checkpoint: {self.path!r} was created while the search "
                    "started (is another search writing it?); the file was left "
                    f"as it is. {_AFRESH}"
                )
            header = {
                "format": _FORMAT,
                "version": _VERSION,
                "fingerprint": self.digest,
                "search": self.description,
                "splits": encoded,
            }
            _write_atomically(self.path, _line(header))
            self._begun = True
            return
        if os.path.getsize(self.path) != self._size:
            raise CheckpointError(
                f"checkpoint: {self.path!r} changed since it was read (is another "
                f"search writing it?); the file was left as it is. {_AFRESH}"
            )
        if self.splits is not None and splits is not None:
            same = len(splits) == len(self.splits) and all(
                np.array_equal(np.asarray(a), b)
                for pair, stored in zip(splits, self.splits)
                for a, b in zip(pair, stored)
            )
            if not same:
                raise CheckpointError(
                    f"checkpoint: {self.path!r} holds other cross-validation "
                    "splits than those the search uses; the file was left as it "
                    f"is. {_AFRESH}"
                )
        if self._keep < self._size or self._newline:
            fd = os.open(self.path, os.O_WRONLY | getattr(os, "O_BINARY", 0))
            try:
                os.ftruncate(fd, self._keep)
                if self._newline:  # a complete last line without its "\n"
                    os.lseek(fd, 0, os.SEEK_END)
                    _write_all(fd, b"\n")
                os.fsync(fd)
            finally:
                os.close(fd)
        self._begun = True

    def append(self, records):
        """Append the candidates of a batch: one line each, one write, fsync.

        The file is neither read nor rewritten: the cost does not depend on
        how many candidates it holds.

        Parameters
        ----------
        records : list of (int, tuple, int, list of dict[, tuple])
            ``(subspace, key, iteration, fits[, fidelity])`` of each new
            candidate (``fidelity``: ``(bracket, iter, n_resources)`` of a
            multi-fidelity search):
            ``key`` is ``search_space.subspaces[subspace].key(point)``,
            ``fits`` the per-fold dicts of ``_fit_and_score`` (keys other
            than those :class:`CheckpointRecord` lists are not written).
        """
        if not self._begun:
            raise RuntimeError("Checkpoint.append: call begin first.")
        lines = []
        for subspace, key, iteration, fits, *fidelity in records:
            line = {
                "subspace": int(subspace),
                "key": _jsonable(list(key)),
                "iteration": int(iteration),
                "fits": [_fit_line(fit) for fit in fits],
            }
            if fidelity and fidelity[0] is not None:
                line[_FIDELITY_KEY] = [int(v) for v in fidelity[0]]
            lines.append(_line(line))
        if not lines:
            return
        data = b"".join(lines)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | getattr(os, "O_BINARY", 0))
        try:
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
