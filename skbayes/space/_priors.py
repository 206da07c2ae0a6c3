"""The priors of ranges: their names, what a misspelling meant, checks."""

from __future__ import annotations

import difflib
import math

from ._values import _is_number

_PRIORS = ("uniform", "log-uniform")

# Other spellings of a prior (after lower-casing, "_" and " " read as "-"):
# refused with the right name as a hint, never taken silently.
_PRIOR_ALIASES = {
    "uniform": "uniform",
    "unif": "uniform",
    "linear": "uniform",
    "lin": "uniform",
    "log-uniform": "log-uniform",
    "loguniform": "log-uniform",
    "log-unif": "log-uniform",
    "logunif": "log-uniform",
    "log": "log-uniform",
    "reciprocal": "log-uniform",
}
# Names of other distributions: a tuple cannot give them (scipy.stats can).
_DISTRIBUTION_WORDS = (
    "normal",
    "gaussian",
    "norm",
    "lognormal",
    "log-normal",
    "lognorm",
    "exponential",
    "expon",
)


def _normal_form(word):
    return word.strip().lower().replace("_", "-").replace(" ", "-")


def _prior_meant(word):
    """The prior a misspelt or aliased prior name stands for, or None.

    Exact aliases (any case, ``_`` or a space for ``-``) and near misses of
    the longer names (``"unifrom"``, ``"lgo-uniform"``) count; short words
    that merely start alike (``"log2"``, ``"sqrt"``) do not.
    """
    if not isinstance(word, str):
        return None
    word = _normal_form(word)
    if word in _PRIOR_ALIASES:
        return _PRIOR_ALIASES[word]
    longer = [w for w in _PRIOR_ALIASES if len(w) >= 7]
    close = difflib.get_close_matches(word, longer, n=1, cutoff=0.75)
    if close:
        return _PRIOR_ALIASES[close[0]]
    if "uniform" in word:
        return "log-uniform" if word.startswith("log") else "uniform"
    return None


def _names_a_distribution(word):
    """Whether ``word`` names a distribution that is not a prior of a range."""
    if not isinstance(word, str):
        return False
    return _normal_form(word) in _DISTRIBUTION_WORDS


def _looks_like_prior(word):
    """A prior name, a misspelling or alias of one, or another distribution's name."""
    if word in _PRIORS or _prior_meant(word) is not None:
        return True
    return _names_a_distribution(word)


def _prior_error(prior):
    """What is wrong with ``prior``: the valid names, and what was probably meant."""
    msg = f"prior must be 'uniform' or 'log-uniform', got {prior!r}"
    meant = _prior_meant(prior)
    if meant is not None and _normal_form(prior) in (meant, meant.replace("-", "")):
        return (
            f"{msg} (did you mean {meant!r}? Priors are spelt exactly so, in lower "
            "case, as in scikit-optimize)."
        )
    if meant is not None:
        return f"{msg} (did you mean {meant!r}?)."
    if _names_a_distribution(prior):
        return (
            f"{msg}. Other distributions are given as a frozen scipy.stats "
            "distribution instead of a tuple, e.g. scipy.stats.norm(loc=0, scale=1)."
        )
    return msg + "."


def _check_prior(prior, low, name):
    if not (isinstance(prior, str) and prior in _PRIORS):
        raise ValueError(f"{name}: {_prior_error(prior)}")
    if prior == "log-uniform" and low <= 0:
        raise ValueError(
            f"{name}: a 'log-uniform' prior needs low > 0, got low={low!r}."
        )


def _check_base(base, name):
    if not _is_number(base):
        raise TypeError(
            f"{name}: base (of the logarithm) must be a real number, got {base!r}."
        )
    if not (math.isfinite(base) and base > 0 and base != 1):
        raise ValueError(
            f"{name}: base (of the logarithm) must be a positive number other "
            f"than 1, got {base!r}."
        )
