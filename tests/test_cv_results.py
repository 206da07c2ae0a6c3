"""cv_results_ grown batch by batch equals scikit-learn's formatting of all."""

import warnings

import numpy as np
import pytest
from sklearn.model_selection import GridSearchCV
from sklearn.svm import SVC

from skbayes._cv_results import append_results


def _formatter(scoring=None, return_train_score=False):
    search = GridSearchCV(
        SVC(), {"C": [1]}, scoring=scoring, return_train_score=return_train_score
    )

    def format_results(params, out, more):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # non-finite scores
            return search._format_results(params, 2, out, more)

    return format_results


def _fold(rng, metrics, fail=False):
    def score():
        return np.nan if fail else float(rng.random())

    scores = score() if metrics is None else {m: score() for m in metrics}
    return {
        "test_scores": scores,
        "train_scores": scores,
        "n_test_samples": 10,
        "fit_time": float(rng.random()),
        "score_time": float(rng.random()),
        "fit_error": "boom" if fail else None,
    }


def _assert_same(a, b):
    assert list(a) == list(b)
    for key in a:
        if key == "params":
            assert a[key] == b[key]
        elif isinstance(b[key], np.ma.MaskedArray):
            assert a[key].dtype == b[key].dtype, key
            mask = np.ma.getmaskarray(b[key])
            np.testing.assert_array_equal(np.ma.getmaskarray(a[key]), mask)
            assert list(a[key].data[~mask]) == list(b[key].data[~mask]), key
        else:
            assert a[key].dtype == b[key].dtype, key
            np.testing.assert_array_equal(a[key], b[key], err_msg=key)


def _candidate(rng, i):
    kind = i % 3
    if kind == 0:  # one sub-space: numbers
        return {"C": float(rng.choice([0.1, 1.0, 10.0])), "degree": int(i % 4)}
    if kind == 1:  # another: strings and None
        return {"kernel": str(rng.choice(["rbf", "poly"])), "class_weight": None}
    return {"C": float(rng.random()), "kernel": "linear", "tol": (1e-3, 1e-4)}


@pytest.mark.parametrize("metrics", [None, ["a", "b"]])
@pytest.mark.parametrize("seed", range(4))
def test_batches_appended_equal_one_formatting(metrics, seed):
    rng = np.random.default_rng(seed)
    format_results = _formatter(
        scoring=None if metrics is None else metrics, return_train_score=True
    )
    params, out, iteration = [], [], []
    results = None
    for batch in range(12):
        n = int(rng.integers(1, 4))
        new = [_candidate(rng, len(params) + j) for j in range(n)]
        new_out = [_fold(rng, metrics, fail=rng.random() < 0.2) for _ in range(2 * n)]
        params += new
        out += new_out
        iteration += [batch] * n
        part = format_results(new, new_out, {"iteration": [batch] * n})
        merged = part if results is None else append_results(results, part)
        whole = format_results(params, out, {"iteration": iteration})
        if merged is None:  # a column changed type: formatted again
            merged = whole
        _assert_same(merged, whole)
        results = merged


def test_a_column_whose_type_changes_is_formatted_again():
    format_results = _formatter()
    rng = np.random.default_rng(0)
    ints = format_results([{"C": 1}], [_fold(rng, None)] * 2, {})
    floats = format_results([{"C": 0.5}], [_fold(rng, None)] * 2, {})
    if ints["param_C"].dtype == floats["param_C"].dtype:
        pytest.skip("this scikit-learn stores every parameter as an object")
    assert append_results(ints, floats) is None


def test_metrics_named_later_are_formatted_again():
    rng = np.random.default_rng(0)
    single = _formatter()([{"C": 1}], [_fold(rng, None)] * 2, {})
    multi = _formatter(["a", "b"])([{"C": 2}], [_fold(rng, ["a", "b"])] * 2, {})
    assert append_results(single, multi) is None
