"""What a search has evaluated: its ``cv_results_`` and its checkpoint."""

from __future__ import annotations

from ._checkpoint import Checkpoint, describe_search
from ._cv_results import append_results

__all__ = ["Evaluations"]


class Evaluations:
    """The candidates evaluated so far, as ``cv_results_`` and on disk.

    With a checkpoint, the candidates it holds come first (``resumed``), the
    splits they were scored on are the search's splits, and every candidate
    evaluated afterwards is appended to it by :meth:`write`.

    Parameters
    ----------
    search : BayesSearchCV
        The search (its ``checkpoint`` and ``cv`` are read).
    search_space : SearchSpace
        The parsed search space.
    splits : list of (train, test) or None
        The splits of this fit (None for an iterator of splits).
    X, y, params
        The data of ``fit``, described in the checkpoint.
    """

    def __init__(self, search, search_space, splits, X, y, params):
        self.search_space = search_space
        self.splits = splits
        self.checkpoint = None
        self.resumed = []  # CheckpointRecord of the candidates read back
        if search.checkpoint is not None:
            self.checkpoint = Checkpoint(
                search.checkpoint, self._describe(search, search_space, X, y, params)
            )
            self.checkpoint.check_path()
            if splits is None:
                raise ValueError(
                    "checkpoint: cv must be an int, a splitter or a list of splits "
                    "to resume a search (a generator can be read once only), got "
                    f"{search.cv!r}."
                )
            self.resumed = self.checkpoint.load(search_space, len(splits))
            if self.checkpoint.splits is not None:
                # the splits the checkpoint's candidates were scored on (a
                # shuffling splitter gives others on every call)
                self.splits = self.checkpoint.splits
        self.n_splits = None if self.splits is None else len(self.splits)
        self.results = {}  # cv_results_ so far
        self.fold_results = []  # scikit-learn's results per fold, this fit's
        self.subspace_of = {}  # the sub-space of each candidate, by key
        for record in self.resumed:
            self.subspace_of[search_space.key(record.point)] = record.subspace
        self._n_formatted = 0  # candidates of this fit in self.results
        self._n_written = 0  # candidates of this fit in the checkpoint
        self._begun = False

    def format_results(self, format_results, candidate_params, n_splits, out, more):
        """``BaseSearchCV._format_results`` with the resumed candidates first.

        Called by scikit-learn after every batch with all the candidates of
        this fit. Only the new ones are formatted (by ``format_results``) and
        appended to the results so far, so that the cost of a batch does not
        grow with the candidates before it. The folds' results are kept for
        the checkpoint.
        """
        self.fold_results = out
        n_new = len(candidate_params) - self._n_formatted
        results = None
        if self.results and n_new > 0:
            # (``more`` itself is kept whole: formatting every candidate
            # again, below, needs all of it)
            more_new = {k: list(v)[-n_new:] for k, v in (more or {}).items()}
            batch = format_results(
                candidate_params[-n_new:], n_splits, out[-n_new * n_splits :], more_new
            )
            results = append_results(self.results, batch)
        if results is None:
            resumed = self.resumed
            if resumed:
                candidate_params = [self._resumed_point(r) for r in resumed] + list(
                    candidate_params
                )
                out = [fit for r in resumed for fit in r.fits] + list(out)
                prepended = self._resumed_columns()
                for key, values in (more or {}).items():
                    prepended[key] = prepended.get(key, []) + list(values)
                more = prepended
            results = format_results(candidate_params, n_splits, out, more)
            # scikit-learn's list of candidates grows with every batch: the
            # results keep their own
            results["params"] = list(results["params"])
        self._n_formatted += n_new
        self.results = results
        return results

    def write(self):
        """Append to the checkpoint the candidates not written yet."""
        if self.checkpoint is None or self._n_written >= len(self.fold_results):
            return
        n_splits, n_resumed = self.n_splits, len(self.resumed)
        params, iterations = self.results["params"], self.results["iteration"]
        done = min(len(self.fold_results) // n_splits, len(params) - n_resumed)
        if not self._begun:
            self.checkpoint.begin(self.splits)  # the header, for a new file
            self._begun = True
        records = []
        for i in range(self._n_written, done):
            point, fidelity = self._checkpoint_record(
                n_resumed + i, params[n_resumed + i]
            )
            index = self.subspace_of[self.search_space.key(point)]
            folds = self.fold_results[i * n_splits : (i + 1) * n_splits]
            record = (
                index,
                self.search_space.subspaces[index].key(point),
                int(iterations[n_resumed + i]),
                [{k: v for k, v in f.items() if k != "estimator"} for f in folds],
            )
            records.append(record if fidelity is None else (*record, fidelity))
        if records:
            self.checkpoint.append(records)
            self._n_written += len(records)

    # -- what a search of another kind overrides (see _fidelity.py) -----------
    def _describe(self, search, search_space, X, y, params):
        """What a checkpoint of the search must match."""
        return describe_search(search, search_space, X, y, params)

    def _resumed_columns(self):
        """The extra ``cv_results_`` columns of the resumed candidates."""
        return {"iteration": [r.iteration for r in self.resumed]}

    def _resumed_point(self, record):
        """The ``params`` of a resumed candidate in ``cv_results_``."""
        return record.point

    def _checkpoint_record(self, row, point):
        """``(point, fidelity)`` of row ``row`` of the results, as written.

        ``fidelity`` is None for a search at one fidelity.
        """
        return point, None
