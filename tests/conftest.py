import os

# Surrogate timing and BLAS oversubscription are not what the tests measure;
# keep numerical libraries on one thread per process (the environment
# variables reach worker processes, threadpoolctl this one, where numpy may
# already be loaded).
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

from threadpoolctl import threadpool_limits  # noqa: E402

_LIMITS = threadpool_limits(limits=1)
