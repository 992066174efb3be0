#!/bin/sh
# PyTorch peer: Debian's python3-torch (installed when missing) with OpenBLAS's tuning variables unset, or the
# Python that $PYTORCH_PYTHON names (a CUDA build of PyTorch on a GPU machine, say).
# Usage: bench/peers/pytorch/run.sh --model mlp|cnn [--limit N] [--threads N] [--device cpu|cuda]
set -e
PY=${PYTORCH_PYTHON:-/usr/bin/python3}
if ! "$PY" -c 'import torch' 2>/dev/null; then
    if [ -n "$PYTORCH_PYTHON" ]; then
        echo "bench/peers/pytorch: PYTORCH_PYTHON=$PYTORCH_PYTHON cannot import torch" >&2
        exit 1
    fi
    echo "installing python3-torch and libopenblas0-pthread (Debian)..." >&2
    SUDO=$( [ "$(id -u)" = 0 ] || echo sudo )
    $SUDO apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-torch libopenblas0-pthread >&2
fi
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS OMP_NUM_THREADS
exec "$PY" "$(dirname "$0")/bench.py" "$@"
