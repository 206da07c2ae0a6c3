"""Optimizer time per suggestion as the number of observations grows.

A mixed 5-D space (2 log-uniform reals, 1 integer, 1 categorical with 3
values, 1 ordinal grid of 5 numbers). For each engine and each number of
observations ``n``: a fresh optimizer is told ``n`` random observations (the
same points and scores for every engine, not timed), then three suggestion
cycles are timed, each ``ask`` one point + ``tell`` its score; the table gives
the median of the three (seconds per suggestion). The whole cycle is timed
because engines do their work at different places: ``skopt.Optimizer`` fits
its GP and optimizes the acquisition in ``tell``, skbayes and optuna in
``ask``. A second table gives the first of the three cycles alone, right after
the warm start: for engines that refit the surrogate's hyperparameters only
every so often (skbayes' GP beyond 60 observations), it is the cost of a full
refit, which the median may hide; it also holds one-time costs of a first
call (optuna's GPSampler: torch and its GP module are imported before the
timing, but other first-use costs remain).

Engines: skbayes ``GPOptimizer`` and ``SkoptOptimizer`` (ask/tell with
dicts), raw ``skopt.Optimizer`` (its defaults: GP, ``gp_hedge``; the ordinal
grid as a ``Categorical``, as ``skopt.BayesSearchCV`` reads a list), optuna
``GPSampler`` and ``TPESampler`` through ``study.ask(distributions)`` /
``study.tell`` (the grid as a ``CategoricalDistribution``). GPSampler needs
torch; it is reported as "n/a" without it. Default BLAS threads: the
benchmark does not limit threads (skbayes' optimizers limit their own
surrogate work to one thread, by design). Each (engine, n) runs in a fresh
subprocess with a timeout (``--timeout`` seconds, warm start included);
after a timeout the larger ``n`` of that engine are not tried.

    python benchmarks/bench_suggest_time.py --max-n 500 --timeout 600 \\
        --out benchmarks/results/suggest_time.md
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import platform
import statistics
import sys
import time
import warnings
from pathlib import Path

import numpy as np
from _common import code_state, has_torch, version  # benchmarks/_common.py

N_OBS = (10, 50, 100, 200, 500)
N_TIMED = 3
KINDS = ["a", "b", "c"]
WIDTHS = [16, 32, 64, 128, 256]
ENGINES = [
    "skbayes GPOptimizer",
    "skbayes SkoptOptimizer",
    "skopt.Optimizer",
    "optuna GPSampler",
    "optuna TPESampler",
]


def random_points(n, seed=0):
    rng = np.random.default_rng(seed)
    return [
        {
            "lr": float(10 ** rng.uniform(-4, -1)),
            "reg": float(10 ** rng.uniform(-6, 1)),
            "depth": int(rng.integers(1, 21)),
            "kind": KINDS[int(rng.integers(3))],
            "width": WIDTHS[int(rng.integers(5))],
        }
        for _ in range(n)
    ]


def objective(p):
    """A smooth synthetic score to maximize."""
    return float(
        -((np.log10(p["lr"]) + 2.3) ** 2)
        - 0.2 * (np.log10(p["reg"]) + 3.0) ** 2
        - 0.01 * (p["depth"] - 7) ** 2
        + {"a": 0.0, "b": 0.3, "c": -0.2}[p["kind"]]
        - 0.1 * abs(np.log2(p["width"]) - 6)
    )


class SkbayesEngine:
    def __init__(self, cls_name):
        from skbayes import optimizer

        space = {
            "lr": (1e-4, 1e-1, "log-uniform"),
            "reg": (1e-6, 1e1, "log-uniform"),
            "depth": (1, 20),
            "kind": list(KINDS),
            "width": list(WIDTHS),
        }
        cls = getattr(optimizer, cls_name)
        self.opt = cls(space, n_initial_points=10, random_state=0)

    def warm(self, points, scores):
        self.opt.tell(points, scores)

    def cycle(self):
        points = self.opt.ask(1)
        self.opt.tell(points, [objective(p) for p in points])


class SkoptEngine:
    names = ["lr", "reg", "depth", "kind", "width"]

    def __init__(self):
        from skopt import Optimizer
        from skopt.space import Categorical, Integer, Real

        self.opt = Optimizer(
            [
                Real(1e-4, 1e-1, prior="log-uniform"),
                Real(1e-6, 1e1, prior="log-uniform"),
                Integer(1, 20),
                Categorical(KINDS),
                Categorical(WIDTHS),
            ],
            n_initial_points=10,
            random_state=0,
        )

    def warm(self, points, scores):
        # skopt minimizes
        self.opt.tell(
            [[p[k] for k in self.names] for p in points], [-s for s in scores]
        )

    def cycle(self):
        x = self.opt.ask()
        self.opt.tell(x, -objective(dict(zip(self.names, x))))


class OptunaEngine:
    def __init__(self, sampler_name):
        import optuna
        from optuna.distributions import (
            CategoricalDistribution,
            FloatDistribution,
            IntDistribution,
        )

        optuna.logging.set_verbosity(optuna.logging.WARNING)
        if sampler_name == "GPSampler":
            # GPSampler imports torch on first use: keep that out of the timing
            import optuna._gp.gp
            import torch  # noqa: F401
        sampler = getattr(optuna.samplers, sampler_name)(seed=0)
        self.study = optuna.create_study(direction="maximize", sampler=sampler)
        self.dists = {
            "lr": FloatDistribution(1e-4, 1e-1, log=True),
            "reg": FloatDistribution(1e-6, 1e1, log=True),
            "depth": IntDistribution(1, 20),
            "kind": CategoricalDistribution(KINDS),
            "width": CategoricalDistribution(WIDTHS),
        }

    def warm(self, points, scores):
        import optuna

        self.study.add_trials(
            [
                optuna.trial.create_trial(params=p, distributions=self.dists, value=s)
                for p, s in zip(points, scores)
            ]
        )

    def cycle(self):
        trial = self.study.ask(self.dists)
        self.study.tell(trial, objective(trial.params))


def make_engine(name):
    if name == "skbayes GPOptimizer":
        return SkbayesEngine("GPOptimizer")
    if name == "skbayes SkoptOptimizer":
        return SkbayesEngine("SkoptOptimizer")
    if name == "skopt.Optimizer":
        return SkoptEngine()
    if name == "optuna GPSampler":
        return OptunaEngine("GPSampler")
    if name == "optuna TPESampler":
        return OptunaEngine("TPESampler")
    raise ValueError(name)


def measure(name, n, queue):
    """In a subprocess: warm start with n observations, time N_TIMED cycles."""
    try:
        warnings.simplefilter("ignore")
        engine = make_engine(name)
        points = random_points(n)
        engine.warm(points, [objective(p) for p in points])
        times = []
        for _ in range(N_TIMED):
            start = time.perf_counter()
            engine.cycle()
            times.append(time.perf_counter() - start)
        queue.put(("ok", times))
    except Exception as exc:  # reported in the table
        queue.put(("error", f"{type(exc).__name__}: {exc}"[:120]))


def run(name, n, timeout):
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=measure, args=(name, n, queue))
    start = time.perf_counter()
    proc.start()
    try:
        status, value = queue.get(timeout=timeout)
    except Exception:
        status, value = "timeout", None
    proc.join(5)
    if proc.is_alive():
        proc.kill()
        proc.join()
    return status, value, time.perf_counter() - start


def _cell(res, pick):
    status, value = res[:2]
    if status == "ok":
        return f"{pick(value):.3g}"
    if status == "timeout":
        return "timeout"
    return "n/a" if status == "n/a" else "error"


def _ratio(res, ref, pick):
    if res[0] != "ok" or ref is None or ref[0] != "ok":
        return "-"
    return f"{pick(res[1]) / pick(ref[1]):.2g}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--max-n", type=int, default=500)
    parser.add_argument(
        "--timeout", type=float, default=600.0, help="seconds per (engine, n)"
    )
    parser.add_argument("--engines", nargs="+", default=ENGINES, choices=ENGINES)
    parser.add_argument("--out", default="benchmarks/results/suggest_time.md")
    args = parser.parse_args()
    ns = [n for n in N_OBS if n <= args.max_n]
    torch = has_torch()
    results = {}
    total_start = time.perf_counter()
    for name in args.engines:
        timed_out = False
        for n in ns:
            if name == "optuna GPSampler" and not torch:
                res = ("n/a", "torch is not installed", 0.0)
            elif timed_out:
                res = ("timeout", None, 0.0)
            else:
                res = run(name, n, args.timeout)
                timed_out = res[0] == "timeout"
            results[name, n] = res
            print(
                f"{name} n={n}: {res[0]} {res[1]} ({res[2]:.0f} s incl. warm start)",
                file=sys.stderr,
                flush=True,
            )
    total = time.perf_counter() - total_start

    median = statistics.median

    def first(v):
        return v[0]

    head = "| engine | " + " | ".join(f"n={n}" for n in ns) + " |"
    rule = "| --- | " + " | ".join("---:" for _ in ns) + " |"
    lines = [
        "# Optimizer time per suggestion",
        "",
        f"Command: `python benchmarks/bench_suggest_time.py --max-n {args.max_n} "
        f"--timeout {args.timeout:g}`",
        "",
        f"Mixed 5-D space; {os.cpu_count()} CPUs, default BLAS threads; total "
        f"wall time {total / 60:.1f} min. Versions: Python "
        f"{platform.python_version()}, numpy {version('numpy')}, scikit-optimize "
        f"{version('skopt')}, optuna {version('optuna')}, torch "
        f"{version('torch') if torch else 'absent'}; skbayes at {code_state()}. "
        "The machine ran other work "
        "at the same time: treat differences under ~1.5x as noise.",
        "",
    ]
    for title, pick in (
        (f"Seconds per suggestion (ask + tell), median of {N_TIMED}", median),
        ("Seconds for the first suggestion after the warm start", first),
    ):
        lines += [f"## {title}", "", head, rule]
        for name in args.engines:
            cells = [_cell(results[name, n], pick) for n in ns]
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
        lines.append("")
        for ref_name in ("optuna GPSampler", "skopt.Optimizer"):
            if ref_name not in args.engines:
                continue
            lines += [f"Ratio to {ref_name} (lower is faster):", "", head, rule]
            for name in args.engines:
                cells = [
                    _ratio(results[name, n], results[ref_name, n], pick) for n in ns
                ]
                lines.append(f"| {name} | " + " | ".join(cells) + " |")
            lines.append("")
    errors = [
        f"- {name} n={n}: {res[1]}"
        for (name, n), res in results.items()
        if res[0] in ("error", "n/a")
    ]
    if errors:
        lines += ["Not measured:", "", *errors, ""]
    text = "\n".join(lines)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
