"""scikit-learn's estimator checks on BayesSearchCV."""

import pytest
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.estimator_checks import parametrize_with_checks

from skbayes import BayesSearchCV, HalvingBayesSearchCV


def _instances():
    return [
        BayesSearchCV(
            LogisticRegression(),
            {"C": [0.1, 1.0, 10.0]},
            n_iter=2,
            cv=2,
            random_state=0,
        ),
        BayesSearchCV(
            Ridge(),
            {"alpha": (1e-2, 1e2, "log-uniform")},
            n_iter=3,
            cv=2,
            random_state=0,
        ),
        BayesSearchCV(
            make_pipeline(StandardScaler(), LogisticRegression()),
            {"logisticregression__C": (1e-2, 1e2, "log-uniform")},
            n_iter=2,
            cv=2,
            optimizer="random",
            random_state=0,
        ),
        HalvingBayesSearchCV(
            LogisticRegression(),
            {"C": (1e-2, 1e2, "log-uniform")},
            n_candidates=3,
            min_resources=10,
            cv=2,
            random_state=0,
        ),
    ]


# The checks feed deliberately broken data (NaN, inf, wrong types); the
# warnings scikit-learn's own searchers give for it are expected here.
@pytest.mark.core
@pytest.mark.filterwarnings("ignore::sklearn.exceptions.FitFailedWarning")
@pytest.mark.filterwarnings("ignore:Scoring failed:UserWarning")
@pytest.mark.filterwarnings("ignore:One or more of the test scores:UserWarning")
@pytest.mark.filterwarnings("ignore:One or more of the train scores:UserWarning")
@pytest.mark.filterwarnings("ignore::sklearn.exceptions.SkipTestWarning")
@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
@pytest.mark.filterwarnings("ignore::sklearn.exceptions.DataConversionWarning")
@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@parametrize_with_checks(_instances())
def test_sklearn_compatible_estimator(estimator, check):
    check(estimator)
