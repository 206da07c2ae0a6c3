"""Helpers shared by the benchmark scripts: versions and the code measured."""

from __future__ import annotations

import subprocess
from pathlib import Path


def has_torch():
    """Whether torch imports (Optuna's GPSampler needs it)."""
    try:
        import torch  # noqa: F401
    except ImportError:
        return False
    return True


def version(module):
    """The version of ``module``, or "?" when it does not import."""
    try:
        return __import__(module).__version__
    except Exception:  # pragma: no cover
        return "?"


def code_state():
    """The commit of the skbayes that imports, and whether it had local changes.

    Asked of the imported package's own folder, so that a checkout put first
    on ``PYTHONPATH`` (to measure another commit) is the one reported.
    """
    import skbayes

    where = Path(skbayes.__file__).resolve().parent
    try:
        head, dirty = (
            subprocess.run(
                cmd, cwd=where, capture_output=True, text=True, check=True
            ).stdout.strip()
            for cmd in (
                ["git", "rev-parse", "--short", "HEAD"],
                ["git", "status", "--porcelain", "."],
            )
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + (" + uncommitted changes in skbayes/" if dirty else "")
