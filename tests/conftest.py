import os

# Surrogate timing and BLAS oversubscription are not what the tests measure;
# keep numerical libraries on one thread per process.
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")
