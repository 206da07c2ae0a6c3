"""scikit-learn's own searcher tests, run against BayesSearchCV.

scikit-learn ships the tests of its searchers with the package
(``sklearn/model_selection/tests/test_search.py``). This module imports the
*installed* test module and runs its tests with the names ``GridSearchCV`` and
``RandomizedSearchCV`` bound to the adapters of tests/_sklearn_suite_adapters.py
(BayesSearchCV under scikit-learn's signatures: a grid gets as many candidates
as it has points, a randomized search ``n_iter``). The searcher cases of
scikit-learn's metadata-routing tests
(``sklearn/tests/test_metaestimators_metadata_routing.py``) run the same way.

How: every test function (and every module-level helper it calls) is
re-created with ``types.FunctionType`` over a copy of its module's namespace
in which the two names are rebound; its pytest marks are kept, with the
``GridSearchCV`` / ``RandomizedSearchCV`` classes and instances that
parametrize lists captured at import time replaced by the adapters (pytest
ids keep scikit-learn's names). Other searchers (``HalvingGridSearchCV`` ...)
are not ours: a test, or a parametrized case, that exercises neither searcher
is skipped as "not a searcher test" (in the metadata-routing module, such
cases are not generated at all). A new scikit-learn release's tests run here
unchanged.

Two lists name the tests whose outcome differs from scikit-learn's searchers,
each entry with its one-line reason (key: a test's name, for all its cases,
or a full pytest id; an entry may be limited to a range of scikit-learn
versions, and a key whose test the installed scikit-learn lacks does nothing):

- ``EXPECTED_TO_DIFFER``: differences by design, marked
  ``xfail(strict=True)`` so that a test that starts passing shows: the
  exhaustive grid's order (tie-breaking by position, ``best_index_ == 0``),
  ``ParameterSampler``'s exact draws, duplicate grid values fitted again,
  callback task counts per round;
- ``PENDING_FIXES``: BayesSearchCV behaviour still to fix, marked
  ``xfail(strict=False)``: remove an entry when its fix lands.

Every other selected test is expected to pass. ``test_listed_tests_exist``
fails on an entry whose test the installed scikit-learn no longer has.

Warnings: see ``SKLEARN_WARNINGS``. ``SKBAYES_SKLEARN_SUITE_BASELINE=1`` runs
the same harness over scikit-learn's own searchers (without the lists): it
passes, so what fails without it is BayesSearchCV's.
"""

from __future__ import annotations

import importlib
import inspect
import os
import types
import warnings
from typing import NamedTuple

import pytest
import sklearn
from sklearn.experimental import enable_halving_search_cv  # noqa: F401
from sklearn.model_selection import (
    GridSearchCV,
    HalvingGridSearchCV,
    HalvingRandomSearchCV,
    RandomizedSearchCV,
)
from sklearn.utils.fixes import parse_version

from ._halving_suite_adapters import (
    HalvingBayesGridSearchCV,
    HalvingBayesRandomSearchCV,
)
from ._sklearn_suite_adapters import BayesGridSearchCV, BayesRandomizedSearchCV

SKLEARN_VERSION = parse_version(parse_version(sklearn.__version__).base_version)

ADAPTERS = {
    GridSearchCV: BayesGridSearchCV,
    RandomizedSearchCV: BayesRandomizedSearchCV,
    # successive halving: HalvingBayesSearchCV
    HalvingGridSearchCV: HalvingBayesGridSearchCV,
    HalvingRandomSearchCV: HalvingBayesRandomSearchCV,
}
# SKBAYES_SKLEARN_SUITE_BASELINE=1: the same harness over scikit-learn's own
# searchers (the lists are not applied): what fails then is not BayesSearchCV's
BASELINE = os.environ.get("SKBAYES_SKLEARN_SUITE_BASELINE", "0") not in ("", "0")
if BASELINE:
    ADAPTERS = {cls: cls for cls in ADAPTERS}
NAMES = {cls.__name__: adapter for cls, adapter in ADAPTERS.items()}
ORIGINAL_NAMES = {adapter: cls.__name__ for cls, adapter in ADAPTERS.items()}

# the installed scikit-learn test modules, and whether their tests that
# exercise neither searcher are kept (as skipped) or left out
SOURCES = {
    "sklearn.model_selection.tests.test_search": "skip",
    "sklearn.tests.test_metaestimators_metadata_routing": "leave out",
    "sklearn.model_selection.tests.test_successive_halving": "skip",
}
NOT_A_SEARCHER_TEST = "not a searcher test"


# -- the tests expected to differ ---------------------------------------------


class Expect(NamedTuple):
    reason: str
    # EXPECTED_TO_DIFFER only: one of KINDS
    kind: str = ""
    # the scikit-learn versions the entry is for: since (included), before
    # (excluded); outside them it is neither applied nor looked for
    since: str | None = None
    before: str | None = None
    # False only where the outcome is not fixed by the test (an unseeded
    # search, or an agreement that depends on the scores the engine meets)
    strict: bool = True


GRID_ORDER = "grid order"
SAMPLER_DRAWS = "ParameterSampler draws"
DUPLICATES = "duplicate grid values"
CALLBACK_COUNTS = "callback task counts"
SPLITS_ONCE = "splits computed once"
NAMES_CHECKED = "parameter names checked before fitting"
KINDS = (
    GRID_ORDER,
    SAMPLER_DRAWS,
    DUPLICATES,
    CALLBACK_COUNTS,
    SPLITS_ONCE,
    NAMES_CHECKED,
)

EXPECTED_TO_DIFFER: dict[str, Expect] = {
    # the exhaustive grid's order: GridSearchCV evaluates the grid in
    # ParameterGrid's order and breaks ties by position; BayesSearchCV
    # evaluates the same candidates in the order its optimizer proposes them
    "test_grid_search": Expect(
        "a tie (foo_param 2 and 3) goes to the first in grid order; cv_results_ "
        "in grid order",
        GRID_ORDER,
    ),
    "test_grid_search_pipeline_steps": Expect(
        "cv_results_['param_regressor'] in grid order", GRID_ORDER
    ),
    "test_grid_search_when_param_grid_includes_range": Expect(
        "a tie (foo_param 2 and 3) goes to the first in grid order", GRID_ORDER
    ),
    "test_refit_callable": Expect(
        "best_index_ != 0 and == 0: positions in grid order", GRID_ORDER
    ),
    "test_refit_callable_multi_metric": Expect(
        "best_index_ == 0: the lowest precision is the first in grid order",
        GRID_ORDER,
    ),
    "test_search_default_iid[GridSearchCV-specialized_params0]": Expect(
        "cv_results_['param_C'][0] == 1: the first in grid order", GRID_ORDER
    ),
    "test_search_cv_results_rank_tie_breaking": Expect(
        "the tied candidates are the first two in grid order", GRID_ORDER
    ),
    "test_search_cv_results_none_param": Expect(
        "cv_results_['param_random_state'] in grid order", GRID_ORDER
    ),
    "test_search_cv_timing": Expect(
        "mean_score_time[0] == 0: the failing C=0 is the first in grid order",
        GRID_ORDER,
    ),
    "test_grid_search_correct_score_results": Expect(
        "cv_results_ rows compared with the grid's values in grid order",
        GRID_ORDER,
    ),
    "test_grid_search_failing_classifier": Expect(
        "ranks[0], ranks[1], ranks[2]: the candidates' positions in grid order",
        GRID_ORDER,
    ),
    "test_custom_run_search": Expect(
        "the searcher's fitted attributes compared with a GridSearchCV over the "
        "same grid, whose best_index_ and cv_results_ rows are in grid order",
        GRID_ORDER,
    ),
    "test_callable_multimetric_error_failing_clf": Expect(
        "mean_test_acc == [1, 1, 0.1]: the failing candidate last, as in the grid",
        GRID_ORDER,
    ),
    # ParameterSampler's exact draws
    "test_search_default_iid[RandomizedSearchCV-specialized_params1]": Expect(
        "cv_results_['param_C'][0] == 1: ParameterSampler draws a two-value "
        "list in list order with n_iter=2; BayesSearchCV, unseeded here, in "
        "either order (so the test passes about half of the time)",
        SAMPLER_DRAWS,
        strict=False,
    ),
    "test_search_with_2d_array": Expect(
        "param_vect__ngram_range == [(1, 2), (1, 2), (1, 1)]: "
        "ParameterSampler's draws with random_state=0",
        SAMPLER_DRAWS,
        since="1.5",
    ),
    "test_random_search_cv_results_multimetric": Expect(
        "compares the rows of an accuracy, a recall and a multi-metric search "
        "of a 9-point space: ParameterSampler lists the 9 points in the same "
        "order for each; BayesSearchCV's order follows the optimized metric "
        "(scikit-learn >= 1.8 searches 3 points, all in the random initial "
        "design); whether the three orders agree depends on the scores "
        "(they do with the batches of 4 that n_points='auto' gives at 30 "
        "candidates)",
        SAMPLER_DRAWS,
        before="1.8",
        strict=False,
    ),
    # duplicate grid values: GridSearchCV fits a value listed twice twice;
    # BayesSearchCV evaluates each distinct candidate once
    "test_grid_search_classifier_all_fits_fail": Expect(
        "'All the 15 fits failed' for [2, 2, 2]: one distinct candidate, 5 fits",
        DUPLICATES,
    ),
    "test_callable_multimetric_clf_all_fits_fail": Expect(
        "'All the 15 fits failed' for [2, 2, 2]: one distinct candidate, 5 fits",
        DUPLICATES,
    ),
    "test_grid_search_cv_splits_consistency": Expect(
        "C=[0.1, 0.1, 0.2, 0.2] gives 4 rows in GridSearchCV, 2 here",
        DUPLICATES,
    ),
    # callback task counts: one "search" task with the candidates' evaluations
    # in GridSearchCV; BayesSearchCV has a task per batch (one candidate at a
    # time with n_jobs=None)
    "test_search_callbacks_with_partial_fit_failures": Expect(
        "one task per batch of candidates on top of the evaluations",
        CALLBACK_COUNTS,
        since="1.9",
    ),
}

# (search0 to search2: GridSearchCV, RandomizedSearchCV, HalvingGridSearchCV;
# search3, HalvingRandomSearchCV over three points, evaluates its first round
# in one batch, as many tasks as scikit-learn's rounds, and passes)
for _test in (
    "test_search_callbacks_no_propagation",
    "test_search_callbacks_propagation",
):
    for _case in ("search0", "search1", "search2"):
        for _refit in ("True", "False"):
            EXPECTED_TO_DIFFER[f"{_test}[{_case}-{_refit}]"] = Expect(
                "one task per batch of candidates on top of the evaluations",
                CALLBACK_COUNTS,
                since="1.9",
            )

# scikit-learn refuses splitters whose splits change between calls (its rounds
# call split() again); HalvingBayesSearchCV computes the splits once and
# scores every round on them, so they are accepted
for _case, _splitter in (
    ("params4", "KFold(shuffle=True)"),
    ("params5", "ShuffleSplit()"),
):
    for _searcher in ("HalvingGridSearchCV", "HalvingRandomSearchCV"):
        EXPECTED_TO_DIFFER[
            f"test_input_errors[{_case}-must yield consistent folds-{_searcher}]"
        ] = Expect(f"{_splitter} is accepted: split once", SPLITS_ONCE)

# successive halving (HalvingBayesSearchCV under the halving searchers' names;
# every other test of test_successive_halving.py that runs a searcher passes:
# the rounds, resources, candidate counts, promotions, NaN handling, the
# choice of the best in the last round, groups, errors)
EXPECTED_TO_DIFFER.update(
    {
        # the test counts the estimator's set_params calls: the parameter
        # names of the space are checked with set_params on a clone before
        # anything is fitted (one call more than the fits)
        # ParameterSampler draws 10 candidates from randint(1, 3) (two values,
        # with repeats); a candidate is never drawn twice here
        "test_random_search_discrete_distributions[param_distributions1-10]": Expect(
            "n_candidates_[0] == 10 from a two-value distribution: 2 here",
            DUPLICATES,
        ),
        "test_base_estimator_inputs": Expect(
            "one set_params call more: the names checked on a clone before fit",
            NAMES_CHECKED,
        ),
    }
)

PENDING_FIXES: dict[str, Expect] = {}


# -- warnings -----------------------------------------------------------------
#
# Warnings are errors in this project's test run; scikit-learn's own test run
# makes only DeprecationWarning and FutureWarning errors. The warnings below
# are ignored in scikit-learn's tests: each is one that scikit-learn's own
# searchers give in the same tests (checked with
# SKBAYES_SKLEARN_SUITE_BASELINE=1), so the adapters cannot avoid it. A test
# that expects one of them (pytest.warns) still sees it.
SKLEARN_WARNINGS = [
    # BayesSearchCV's counterpart of ParameterSampler's "The total space of
    # parameters N is smaller than n_iter" (a finite space smaller than
    # n_iter: RandomizedSearchCV(n_iter=10) over a two-value list)
    "ignore:The search space had fewer distinct candidates than the budget:UserWarning",
    # scikit-learn's _fit_and_score: a scorer that fails on purpose (a metric
    # function passed as a scorer, accuracy of a regressor) or on a one-sample
    # fold (R^2), scored error_score
    "ignore:Scoring failed:UserWarning",
    "ignore:R\\^2 score is not well-defined:sklearn.exceptions.UndefinedMetricWarning",
    # BaseSearchCV: failing fits give NaN scores (tests of error_score=nan)
    "ignore:One or more of the (test|train) scores are non-finite:UserWarning",
    # StratifiedKFold on the few samples of a test
    "ignore:The least populated class in y has only:UserWarning",
    # scikit-learn >= 1.9 callbacks: an estimator without callback support
    "ignore:The estimator .* does not support callbacks:UserWarning",
]
if BASELINE:
    # ParameterSampler (RandomizedSearchCV with n_iter above the space's size)
    SKLEARN_WARNINGS.append("ignore:The total space of parameters:UserWarning")

# the same, for one test
TEST_WARNINGS = {
    # SGDClassifier.predict_log_proba on the test's data: log(0)
    "test_stochastic_gradient_loss_param": [
        "ignore:divide by zero encountered in log:RuntimeWarning"
    ],
}


def _applies(entry):
    if entry.since is not None and SKLEARN_VERSION < parse_version(entry.since):
        return False
    return entry.before is None or SKLEARN_VERSION < parse_version(entry.before)


# -- re-creating scikit-learn's tests over the adapters -----------------------

_ParameterSet = type(pytest.param(None))


def _swap(value):
    """``(value with the searchers replaced by the adapters, whether any was)``."""
    for cls, adapter in ADAPTERS.items():
        if value is cls:
            return adapter, True
        if type(value) is cls:
            if adapter is cls:
                return value, True
            return adapter(**value.get_params(deep=False)), True
    if isinstance(value, dict) and any(
        v is cls for v in value.values() for cls in ADAPTERS
    ):
        # a row of the metadata-routing tests: {"metaestimator": GridSearchCV, ...}
        return {k: _swap(v)[0] for k, v in value.items()}, True
    return value, False


def _original_id(value):
    # pytest names a class parameter after the class: keep scikit-learn's ids
    return ORIGINAL_NAMES.get(value) if isinstance(value, type) else None


def _code_names(code):
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _code_names(const)
    return names


def _innermost(func):
    while getattr(func, "__wrapped__", None) is not None:
        func = func.__wrapped__
    return func


def _cell_contents(cell):
    try:
        return cell.cell_contents
    except ValueError:  # an empty cell
        return cell


def _marks(obj):
    marks = getattr(obj, "pytestmark", [])
    if not isinstance(marks, list):
        marks = [marks]
    return [getattr(m, "mark", m) for m in marks]


class _Source:
    """One installed scikit-learn test module, re-created over the adapters."""

    def __init__(self, module_name, others):
        with warnings.catch_warnings():
            # scikit-learn's marks for its own runner (thread_unsafe, for
            # pytest-run-parallel) are not registered here: pytest would warn
            # about them when the module is imported
            warnings.simplefilter("ignore", pytest.PytestUnknownMarkWarning)
            self.module = importlib.import_module(module_name)
        self.others = others
        self.short = module_name.rsplit(".", 1)[-1]
        self.globals = vars(self.module)
        for cls in ADAPTERS:
            # the names the tests use are scikit-learn's classes
            assert self.globals.get(cls.__name__) in (None, cls), (module_name, cls)
        self.namespace = dict(self.globals, **NAMES)
        self.functions = {
            name: obj
            for name, obj in self.globals.items()
            if isinstance(obj, types.FunctionType)
            and _innermost(obj).__globals__ is self.globals
        }
        # module-level helpers see the adapters too (tests call them by name)
        for name, func in self.functions.items():
            if not name.startswith("test"):
                self.namespace[name] = self.clone(func)
        self.module_marks = _marks(self.module)
        self.tests = {}  # name -> re-created test function
        self.selected = set()  # those that exercise GridSearchCV/RandomizedSearchCV
        self.fixtures = {}  # name -> fixture definition for this module's tests
        self.unbound = []  # references to the searchers that this cannot rebind
        self._copy_fixtures()
        for name, func in self.functions.items():
            if name.startswith("test"):
                test = self.adapt(name, func)
                if test is not None:
                    self.tests[name] = test
        self._find_unbound()

    # functions ---------------------------------------------------------------
    def clone(self, func):
        """``func`` with this module's globals replaced by the namespace."""
        wrapped = getattr(func, "__wrapped__", None)
        closure = func.__closure__
        new_wrapped = None
        if isinstance(wrapped, types.FunctionType):
            # a decorator's wrapper (config_context(...)): re-create what it wraps
            new_wrapped = self.clone(wrapped)
            if closure:
                closure = tuple(
                    types.CellType(new_wrapped) if _cell_contents(c) is wrapped else c
                    for c in closure
                )
        func_globals = func.__globals__
        if func_globals is self.globals:
            func_globals = self.namespace
        defaults = func.__defaults__
        if defaults:
            defaults = tuple(_swap(d)[0] for d in defaults)
        new = types.FunctionType(
            func.__code__, func_globals, func.__name__, defaults, closure
        )
        new.__kwdefaults__ = func.__kwdefaults__
        new.__qualname__ = func.__qualname__
        new.__doc__ = func.__doc__
        new.__dict__.update(func.__dict__)
        if new_wrapped is not None:
            new.__wrapped__ = new_wrapped
        return new

    def references_searchers(self, func, seen=None):
        """Whether ``func`` (or a module-level helper it calls) names them."""
        seen = set() if seen is None else seen
        names = _code_names(_innermost(func).__code__)
        if names & set(NAMES):
            return True
        for name in names - seen:
            seen.add(name)
            helper = self.functions.get(name)
            if helper is not None and self.references_searchers(helper, seen):
                return True
        return False

    # marks -------------------------------------------------------------------
    def adapt_parametrize(self, mark, skip_others):
        """``(new mark, whether any case has a searcher)``."""
        params = dict(zip(("argnames", "argvalues"), mark.args), **mark.kwargs)
        argnames = params["argnames"]
        if isinstance(argnames, str):
            argnames = [a.strip() for a in argnames.split(",") if a.strip()]
        ids = params.get("ids")
        ids_list = list(ids) if isinstance(ids, (list, tuple)) else None
        # some argvalues are generators: read once, kept as a list
        argvalues = params["argvalues"]
        materialized = not isinstance(argvalues, (list, tuple))
        argvalues = params["argvalues"] = list(argvalues)
        cases, kept_ids, any_swapped = [], [], False
        for i, case in enumerate(argvalues):
            if isinstance(case, _ParameterSet):
                values, marks, case_id = case.values, list(case.marks), case.id
            else:
                values = (case,) if len(argnames) == 1 else tuple(case)
                marks, case_id = [], None
            swapped = [_swap(v) for v in values]
            if any(s for _, s in swapped):
                any_swapped = True
                values = tuple(v for v, _ in swapped)
            elif skip_others == "skip":
                marks.append(pytest.mark.skip(reason=NOT_A_SEARCHER_TEST))
            elif skip_others == "leave out":
                continue
            cases.append(pytest.param(*values, marks=marks, id=case_id))
            if ids_list is not None:
                kept_ids.append(ids_list[i])
        if not any_swapped:
            if materialized:
                mark = pytest.mark.parametrize(**params).mark
            return mark, False
        params["argvalues"] = cases
        if ids_list is not None:
            params["ids"] = kept_ids
        elif ids is None:
            params["ids"] = _original_id
        return pytest.mark.parametrize(**params).mark, True

    def adapt(self, name, func):
        """The re-created test, or None when it is left out."""
        body = self.references_searchers(func)
        # the cases of a test that does not name a searcher itself are
        # selected by their parameters
        others = None if body else self.others
        marks, selected = [], body
        for mark in _marks(func):
            if mark.name == "parametrize":
                mark, swapped = self.adapt_parametrize(mark, others)
                selected = selected or swapped
            marks.append(mark)
        if not selected:
            if self.others == "leave out":
                return None
            marks.append(pytest.mark.skip(reason=NOT_A_SEARCHER_TEST).mark)
        else:
            self.selected.add(name)
        test = self.clone(func)
        warning_marks = [
            pytest.mark.filterwarnings(f).mark
            for f in [*SKLEARN_WARNINGS, *TEST_WARNINGS.get(name, ())]
        ]
        test.pytestmark = [
            *self.module_marks,
            *self.autouse_marks,
            *warning_marks,
            *marks,
        ]
        test.__module__ = __name__
        return test

    # fixtures ----------------------------------------------------------------
    def _copy_fixtures(self):
        """This module's fixtures (autouse ones become explicit usefixtures)."""
        self.autouse_marks = []
        for name, obj in self.globals.items():
            parts = _fixture_parts(obj)
            if parts is None:
                continue
            marker, func = parts
            fixture_name = marker.name or name
            autouse = marker.autouse
            if autouse:
                # autouse here would reach every test of this file
                fixture_name = f"{self.short}__{fixture_name}"
                self.autouse_marks.append(pytest.mark.usefixtures(fixture_name).mark)
            self.fixtures[fixture_name] = pytest.fixture(
                self.clone(func),
                scope=marker.scope,
                params=marker.params,
                ids=marker.ids,
                name=fixture_name,
            )

    def _find_unbound(self):
        # module-level classes keep the module's globals: a method that names
        # a searcher would run scikit-learn's class, not the adapter
        for name, obj in self.globals.items():
            if isinstance(obj, type) and obj.__module__ == self.module.__name__:
                for attr, value in vars(obj).items():
                    value = getattr(value, "__func__", value)
                    if isinstance(value, types.FunctionType) and (
                        _code_names(value.__code__) & set(NAMES)
                    ):
                        self.unbound.append(f"{self.short}.{name}.{attr}")


def _fixture_parts(obj):
    """``(marker, function)`` of a pytest fixture definition, else None."""
    marker = getattr(obj, "_fixture_function_marker", None)  # pytest >= 8.4
    if marker is None:
        marker = getattr(obj, "_pytestfixturefunction", None)
    if marker is None or not hasattr(marker, "autouse"):
        return None
    func = getattr(obj, "_fixture_function", None)
    if func is None:
        wrapper = getattr(obj, "__pytest_wrapped__", None)
        func = wrapper.obj if wrapper is not None else inspect.unwrap(obj)
    return marker, func


def _needed_fixtures(test):
    parametrized = set()
    used = set()
    for mark in _marks(test):
        if mark.name == "parametrize":
            names = mark.args[0] if mark.args else mark.kwargs["argnames"]
            if isinstance(names, str):
                names = names.split(",")
            parametrized |= {n.strip() for n in names}
        elif mark.name == "usefixtures":
            used |= set(mark.args)
    args = {
        p.name
        for p in inspect.signature(test).parameters.values()
        if p.default is inspect.Parameter.empty
        and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
    }
    return (args - parametrized) | used


def _build():
    sources = [_Source(name, others) for name, others in SOURCES.items()]
    tests, fixtures, conftest = {}, {}, None
    for source in sources:
        for name, test in source.tests.items():
            if name in tests or name in globals():
                raise RuntimeError(f"two scikit-learn tests named {name}")
            tests[name] = test
    # fixtures the tests use: the module's own, else scikit-learn's conftest
    # (pytest's built-in ones are left to pytest)
    todo = [f for test in tests.values() for f in _needed_fixtures(test)]
    while todo:
        name = todo.pop()
        if name in fixtures:
            continue
        definition = next(
            (s.fixtures[name] for s in sources if name in s.fixtures), None
        )
        if definition is None:
            if conftest is None:
                conftest = importlib.import_module("sklearn.conftest")
            candidate = getattr(conftest, name, None)
            if _fixture_parts(candidate) is None:
                continue  # pytest's own (capsys ...), or missing: pytest says so
            definition = candidate
        fixtures[name] = definition
        _, func = _fixture_parts(definition)
        todo.extend(p for p in inspect.signature(func).parameters if p not in fixtures)
    for source in sources:  # the renamed autouse fixtures
        for name, definition in source.fixtures.items():
            if name.startswith(f"{source.short}__"):
                fixtures[name] = definition
    return sources, tests, fixtures


SOURCES_BUILT, SKLEARN_TESTS, SKLEARN_FIXTURES = _build()
SELECTED = set().union(*(s.selected for s in SOURCES_BUILT))
globals().update(SKLEARN_FIXTURES)
globals().update(SKLEARN_TESTS)


@pytest.fixture(autouse=True)
def _expected_outcome(request):
    """Mark the listed tests as expected to fail (xfail keeps them running)."""
    node = request.node
    if BASELINE:
        return
    for table, strict in ((EXPECTED_TO_DIFFER, True), (PENDING_FIXES, False)):
        entry = table.get(node.name) or table.get(getattr(node, "originalname", ""))
        if entry is not None and _applies(entry):
            prefix = f"{entry.kind}: " if entry.kind else "TODO: "
            node.add_marker(
                pytest.mark.xfail(
                    strict=strict and entry.strict, reason=prefix + entry.reason
                )
            )
            return


# -- the checks of this module itself -----------------------------------------


def test_lists_are_well_formed():
    assert not set(EXPECTED_TO_DIFFER) & set(PENDING_FIXES)
    for key, entry in EXPECTED_TO_DIFFER.items():
        assert entry.kind in KINDS, key
    for key, entry in PENDING_FIXES.items():
        assert not entry.kind, key


def test_listed_tests_exist(request):
    """An entry of the lists names a test of the installed scikit-learn."""
    ours = [
        item
        for item in request.session.items
        if getattr(getattr(item, "module", None), "__name__", None) == __name__
    ]
    collected = {item.name for item in ours}
    # a full pytest id is only checked when every test of this module was
    # collected (not with -k, or a selection of node ids)
    complete = {getattr(item, "originalname", item.name) for item in ours} >= set(
        SKLEARN_TESTS
    )
    stale = []
    for key, entry in {**EXPECTED_TO_DIFFER, **PENDING_FIXES}.items():
        if not _applies(entry):
            continue
        base = key.split("[", 1)[0]
        if base not in SELECTED or ("[" in key and complete and key not in collected):
            stale.append(key)
    assert not stale, f"listed, but no such searcher test in scikit-learn: {stale}"


def test_adapters_take_scikit_learn_parameters():
    """The adapters' signatures are scikit-learn's (a new parameter shows)."""
    for cls, adapter in ADAPTERS.items():
        ours = inspect.signature(adapter).parameters
        theirs = inspect.signature(cls).parameters
        assert list(ours) == list(theirs), cls.__name__
        for name, p in theirs.items():
            assert repr(ours[name].default) == repr(p.default), (cls.__name__, name)


def test_every_reference_to_the_searchers_is_rebound():
    unbound = [u for s in SOURCES_BUILT for u in s.unbound]
    assert not unbound, f"methods that run scikit-learn's own searchers: {unbound}"
    assert SELECTED, "no searcher test found in scikit-learn's test modules"
