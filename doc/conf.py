"""Sphinx configuration of the skbayes documentation.

After ``pip install -e ".[docs]"``, two builds (``-W`` turns every warning
into an error):

- quick, the gallery's pages without running its examples (no outputs, no
  figures)::

    python -m sphinx -W --keep-going -b html -D plot_gallery=0 doc doc/_build/html

- full, every script in ``examples/`` run (what CI builds)::

    python -m sphinx -W --keep-going -b html doc doc/_build/html

The builds also write ``doc/auto_examples/``, ``doc/generated/`` and
``doc/sg_execution_times.rst`` (each example's run time): all ignored by git.
"""

import os
import warnings

import skbayes

project = "skbayes"
author = "The skbayes developers"
copyright = "The skbayes developers"
release = skbayes.__version__
version = release

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.doctest",
    "sphinx.ext.mathjax",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
    "sphinx_design",
    "sphinx_copybutton",
]
# Links into the Python, NumPy, SciPy and scikit-learn docs need their
# inventories from the network: set SKBAYES_DOCS_INTERSPHINX=1 to use them.
if os.environ.get("SKBAYES_DOCS_INTERSPHINX"):
    extensions.append("sphinx.ext.intersphinx")
    intersphinx_mapping = {
        "python": ("https://docs.python.org/3", None),
        "numpy": ("https://numpy.org/doc/stable", None),
        "scipy": ("https://docs.scipy.org/doc/scipy", None),
        "sklearn": ("https://scikit-learn.org/stable", None),
        "pandas": ("https://pandas.pydata.org/docs", None),
        "matplotlib": ("https://matplotlib.org/stable", None),
    }
else:
    # Docstrings inherited from scikit-learn (``fit``, ``set_fit_request``
    # ...) use terms of scikit-learn's glossary, which needs its inventory.
    suppress_warnings = ["ref.term"]

autosummary_generate = True
autodoc_default_options = {"members": True, "inherited-members": False}
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
templates_path = ["_templates"]
exclude_patterns = ["_build", "auto_examples/*.ipynb", "**.ipynb_checkpoints"]
default_role = "literal"

html_theme = "pydata_sphinx_theme"
html_title = f"skbayes {release}"
html_theme_options = {
    "navbar_end": ["theme-switcher", "navbar-icon-links"],
    "show_toc_level": 2,
    "secondary_sidebar_items": ["page-toc", "sourcelink"],
}
html_static_path = []
# the copy button leaves the ">>> " and "... " prompts out
copybutton_prompt_text = r">>> |\.\.\. "
copybutton_prompt_is_regexp = True

sphinx_gallery_conf = {
    "examples_dirs": "../examples",
    "gallery_dirs": "auto_examples",
    # every example runs, and an example that fails fails the build
    "filename_pattern": r"/plot_",
    "abort_on_example_error": True,
    "doc_module": ("skbayes",),
    "backreferences_dir": "generated/backreferences",
    # links from the examples' code to the API pages for older sphinx-gallery
    # releases (newer ones find them by themselves and say it is ignored)
    "reference_url": {"skbayes": None},
    "download_all_examples": False,
    "remove_config_comments": True,
    "matplotlib_animations": False,
    # whether the examples run is the "plot_gallery" option: on by default,
    # off with -D plot_gallery=0
    "min_reported_time": 1,
}

# Warnings raised while the examples run would otherwise be printed and
# forgotten; the ones below come from third-party code, not from skbayes.
warnings.filterwarnings(
    "ignore", message=".*pkg_resources is deprecated.*", category=UserWarning
)
