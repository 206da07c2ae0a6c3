"""Sample efficiency: how good a score each searcher finds within a budget.

The problems, searchers, runner and report live in the ``suite`` package
beside this script (``benchmarks/suite/__init__.py`` says how a run works,
what is measured, and where to add a problem or a searcher).

    python benchmarks/bench_engines.py --seeds 10 --budget 50 \\
        --out benchmarks/results/engines.md

writes the report to ``--out`` and the raw per-run results next to it (same
name, ``.csv``: per-run metrics, the skbayes commit of skbayes' searchers,
and the regret of every evaluation in order). ``--problems plateau`` runs
the plateau and noisy tables; ``--batches 1 8`` runs each searcher with
those fixed batch sizes. ``--jobs 2`` runs the (problem, searcher, seed)
runs in two worker processes, each limited to one BLAS/OpenMP/torch thread
(``--blas-threads``); scores do not depend on it.

Cost: with ``--jobs 2`` on a 2-core machine shared with other work, all
searchers x 11 problems x 10 seeds took 45 min, two thirds of it in
``skopt-bscv`` (about 30 s per 50-candidate run, against 1-3 s for
``skbayes-gp`` and ``optuna-gp``); ``--slow-seeds N`` runs ``skopt-bscv``
and ``optuna-gp`` on the first N seeds only. To re-run some searchers only
(say, after a change to skbayes) and merge with an earlier run:

    python benchmarks/bench_engines.py --searchers skbayes-gp --jobs 2 \\
        --out benchmarks/results/engines_skbayes.md
    python benchmarks/bench_engines.py --from-csv \\
        benchmarks/results/engines_peers.csv \\
        benchmarks/results/engines_skbayes.csv \\
        --out benchmarks/results/engines.md
"""

import os

from suite.cli import main  # benchmarks/suite/

if __name__ == "__main__":
    os.environ.setdefault("PYTHONWARNINGS", "ignore")  # for worker processes
    main()
