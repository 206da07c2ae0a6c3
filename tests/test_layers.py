"""The package's layers: each module reaches the ones below through their faces.

    utils (scikit-learn compatibility)  <  space  <  optimizer, spaces  <  the search
    (skbayes/*.py: BayesSearchCV, its runtime, checkpoints, callbacks, plots)

A module never imports from a layer above its own. Across layers it imports
the public names of a package's ``__init__`` (``skbayes.space``,
``skbayes.optimizer``), never a private module of it or a private name;
the one private module everybody may use is the scikit-learn compatibility
module, whose names are public. Within a layer, modules share what they
like.
"""

import ast
import pathlib

import pytest

PACKAGE = pathlib.Path(__file__).resolve().parents[1] / "skbayes"
# spaces (the default space of each estimator) sits beside optimizer
LAYERS = {"utils": 0, "space": 1, "optimizer": 2, "spaces": 2, "": 3}
COMPAT = "skbayes.utils._sklearn_compat"


def _layer(module):
    """The layer of a dotted module name inside skbayes."""
    parts = module.split(".")[1:]
    sub = parts[0] if parts and parts[0] in LAYERS else ""
    return sub, LAYERS[sub]


def _module_name(path, root):
    rel = path.relative_to(root).with_suffix("")
    parts = [root.name, *rel.parts]
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _absolute(module, node):
    """The absolute module an ``ImportFrom`` node imports from."""
    if not node.level:
        return node.module or ""
    prefix = module.split(".")[: -node.level]
    return ".".join(prefix + ([node.module] if node.module else []))


def violations(root):
    """Every import of ``root`` (a package folder) that breaks the rules."""
    found = []
    for path in sorted(root.rglob("*.py")):
        module = _module_name(path, root)
        own_sub, own_layer = _layer(module)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                if path.name == "__init__.py" and node.level:
                    target = _absolute(module + ".__init__", node)
                else:
                    target = _absolute(module, node)
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.split(".")[0] == root.name:
                        found += _check(module, own_sub, own_layer, alias.name, [])
                continue
            else:
                continue
            if target.split(".")[0] != root.name:
                continue
            found += _check(module, own_sub, own_layer, target, names)
    return found


def _check(module, own_sub, own_layer, target, names):
    out = []
    sub, layer = _layer(target)
    where = f"{module} imports {target}"
    private = [f"{where}: private name {n}" for n in names if n.startswith("_")]
    if layer > own_layer:
        out.append(f"{where}: a layer above its own")
    if target == COMPAT:
        return out + private  # its names are all meant for the other modules
    if sub == own_sub:
        return out  # siblings share freely
    face = ".".join([module.split(".")[0], sub] if sub else [module.split(".")[0]])
    if target != face:
        out.append(f"{where}: a private module of another layer (use {face})")
    return out + private


def test_no_module_reaches_past_a_layers_face():
    assert violations(PACKAGE) == []


@pytest.mark.parametrize(
    "files, expected",
    [
        # plots (the search layer) borrowing the GP's private encoder
        (
            {"plots.py": "from .optimizer._gp import _Encoder\n"},
            ["private module of another layer", "private name _Encoder"],
        ),
        # a public name, but from a private module of a lower layer
        (
            {"plots.py": "from .space._space import Space\n"},
            ["private module of another layer"],
        ),
        # a lazy import, inside a function, of a private name of a face
        (
            {"plots.py": "def f():\n    from .optimizer import _hidden\n"},
            ["private name _hidden"],
        ),
        # the space layer importing upwards
        (
            {"space/_x.py": "from ..optimizer import GPOptimizer\n"},
            ["a layer above its own"],
        ),
        (
            {"optimizer/_x.py": "from .._runtime import SearchRuntime\n"},
            ["a layer above its own"],
        ),
        # the default spaces reading what the runtime shows
        (
            {"spaces/_x.py": "from .._runtime_report import search_state\n"},
            ["a layer above its own"],
        ),
        # a private name of the compat module
        (
            {"_runtime.py": "from .utils._sklearn_compat import _deferred\n"},
            ["private name _deferred"],
        ),
        # a module of a top-layer package (the plots' modules) is held to the
        # same faces as the top layer's files
        (
            {"_plots/_model.py": "from ..optimizer._surrogate import Surrogate\n"},
            ["private module of another layer"],
        ),
    ],
)
def test_the_rule_catches(tmp_path, files, expected):
    root = tmp_path / "skbayes"
    for folder in ("", "space", "optimizer", "spaces", "utils", "_plots"):
        (root / folder).mkdir(parents=True, exist_ok=True)
        (root / folder / "__init__.py").write_text("")
    (root / "utils" / "_sklearn_compat.py").write_text("")
    for name, text in files.items():
        (root / name).write_text(text)
    found = violations(root)
    for text in expected:
        assert any(text in v for v in found), found


def test_allowed_imports_pass(tmp_path):
    root = tmp_path / "skbayes"
    for folder in ("", "space", "optimizer", "utils"):
        (root / folder).mkdir(parents=True, exist_ok=True)
        (root / folder / "__init__.py").write_text("")
    (root / "plots.py").write_text(
        "from .space import Space\nfrom .optimizer import Surrogate\n"
        "from .utils._sklearn_compat import BaseSearchCV\nfrom ._runtime import R\n"
    )
    (root / "optimizer" / "_gp.py").write_text(
        "from ..space import Categorical\nfrom ._base import _helper\n"
    )
    # the public plots module over the private package of its plot families,
    # whose modules share their helpers and use the lower layers' faces
    (root / "_plots").mkdir()
    (root / "_plots" / "__init__.py").write_text("from ._objective import f\n")
    (root / "_plots" / "_objective.py").write_text(
        "from ..optimizer import Surrogate\nfrom ._common import pyplot\n"
    )
    (root / "plots.py").write_text("from ._plots import f\n")
    assert violations(root) == []
