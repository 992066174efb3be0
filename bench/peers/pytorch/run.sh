#!/bin/sh
# PyTorch peer: Debian's python3-torch (installed when missing) with OpenBLAS's tuning variables unset.
# Usage: bench/peers/pytorch/run.sh --model mlp|cnn [--limit N] [--threads N]
set -e
if ! /usr/bin/python3 -c 'import torch' 2>/dev/null; then
    echo "installing python3-torch and libopenblas0-pthread (Debian)..." >&2
    SUDO=$( [ "$(id -u)" = 0 ] || echo sudo )
    $SUDO apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-torch libopenblas0-pthread >&2
fi
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS OMP_NUM_THREADS
exec /usr/bin/python3 "$(dirname "$0")/bench.py" "$@"
