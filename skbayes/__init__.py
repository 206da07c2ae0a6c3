"""skbayes: Bayesian hyperparameter search for scikit-learn."""

from ._halving import HalvingBayesSearchCV
from ._results import results_table
from ._search import BayesSearchCV

__version__ = "0.1.0.dev0"

__all__ = ["BayesSearchCV", "HalvingBayesSearchCV", "__version__", "results_table"]
