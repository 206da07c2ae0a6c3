"""``cv_results_`` grown batch by batch, at a cost that does not grow.

scikit-learn's ``BaseSearchCV`` formats the results of *every* candidate
after every batch, which is fine for one large batch and quadratic for a
sequential search of many small ones. :func:`append_results` extends the
results of the earlier candidates with those of a new batch (formatted by
scikit-learn) and recomputes only what depends on all candidates, the
ranks. It gives the very arrays scikit-learn's formatting of all the
candidates gives; where it could not (a parameter column whose type changes,
metrics that are only named once a fit succeeded), it returns None and the
caller formats everything again.
"""

from __future__ import annotations

import numpy as np
from numpy.ma import MaskedArray
from scipy.stats import rankdata

__all__ = ["append_results"]


def _rank(means):
    """scikit-learn's ranking of mean scores (NaN last, ties share the best)."""
    means = np.asarray(means, dtype=np.float64)
    if np.isnan(means).all():
        return np.ones_like(means, dtype=np.int32)
    filled = np.nan_to_num(means, nan=np.nanmin(means) - 1)
    return rankdata(-filled, method="min").astype(np.int32, copy=False)


def _masked(n, dtype):
    return MaskedArray(np.empty(n, dtype=dtype), mask=True)


def append_results(results, batch):
    """``results`` followed by ``batch``, or None when they do not line up.

    Parameters
    ----------
    results : dict
        The formatted results of the earlier candidates.
    batch : dict
        The formatted results of the new candidates alone.

    Returns
    -------
    merged : dict or None
    """
    n_old, n_new = len(results["params"]), len(batch["params"])
    is_param = [k for k in {*results, *batch} if k.startswith("param_")]
    if {k for k in results if k not in is_param} != {
        k for k in batch if k not in is_param
    }:
        return None  # other metrics (a callable scorer's names were learnt)
    merged = {}
    for key in results:
        if key in is_param or key == "params" or key.startswith("rank_"):
            continue
        merged[key] = np.concatenate([results[key], batch[key]])
    for key in sorted(is_param):
        old, new = results.get(key), batch.get(key)
        if old is not None and new is not None and old.dtype != new.dtype:
            return None  # the column's type follows all of its values
        dtype = (old if old is not None else new).dtype
        old = _masked(n_old, dtype) if old is None else old
        new = _masked(n_new, dtype) if new is None else new
        merged[key] = MaskedArray(
            np.concatenate([old.data, new.data]),
            mask=np.concatenate([np.ma.getmaskarray(old), np.ma.getmaskarray(new)]),
        )
    merged["params"] = list(results["params"]) + list(batch["params"])
    for key in results:
        if key.startswith("rank_"):
            merged[key] = _rank(merged["mean_" + key[len("rank_") :]])
    # scikit-learn's key order: more results, times, parameters, scores
    order = []
    for key in results:
        if key == "params":
            order += [k for k in batch if k.startswith("param_") and k not in results]
        order.append(key)
    return {k: merged[k] for k in order}
