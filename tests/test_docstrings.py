"""Every public class and function has a complete numpydoc docstring."""

import importlib
import inspect

import pytest

validate = pytest.importorskip("numpydoc.validate").validate

MODULES = [
    "skbayes",
    "skbayes.callbacks",
    "skbayes.plots",
    "skbayes.space",
    "skbayes.optimizer",
]
# parameters documented (PR01, PR02, PR07), returns documented (RT01, RT03),
# an Examples section (EX01), a one-line summary (SS06)
CHECKS = {"PR01", "PR02", "PR07", "RT01", "RT03", "EX01", "SS06"}


def _public_objects():
    for module_name in MODULES:
        module = importlib.import_module(module_name)
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isclass(obj) or inspect.isfunction(obj):
                yield f"{module_name}.{name}"


@pytest.mark.parametrize("name", sorted(set(_public_objects())))
def test_public_docstring(name):
    errors = [
        f"{code}: {message}"
        for code, message in validate(name)["errors"]
        if code in CHECKS
    ]
    assert not errors, "\n".join(errors)
