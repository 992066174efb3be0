#!/usr/bin/env bash
# Runs `bench/run` on a GPU machine without a JDK, Maven or network, from bench/gpu/bundle.sh's bundle: unpacks its
# Java runtime, finds the GPU's OpenCL driver and fails, naming what is missing, when OpenCL sees no GPU.
# Usage: bench/gpu/run.sh [BUNDLE] [bench/run's options, e.g. --models mlp --systems nnc,pytorch --no-kernels]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bundle="$root/bench/target/bundle"
if [ $# -gt 0 ] && [ -d "$1" ]; then bundle="$(cd "$1" && pwd)"; shift; fi
jre="$(mktemp -d)"
tar xzf "$bundle/jre.tgz" -C "$jre"
export PATH="$jre/jre/bin:$PATH" NNC_MNIST_DIR="$bundle/mnist"
if ! ldconfig -p | grep -q 'libOpenCL.so.1 '; then
    export LD_LIBRARY_PATH="$bundle/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi
# A container or VM image can hold NVIDIA's OpenCL library without the ICD entry that names it
if ! ls /etc/OpenCL/vendors/*.icd >/dev/null 2>&1; then
    nvidia="$( (ldconfig -p | awk '/libnvidia-opencl.so.1 / {print $NF; exit}'; \
                find /usr/local/nvidia /usr/lib /usr/lib64 /usr/local/cuda/ -name 'libnvidia-opencl.so.1*' 2>/dev/null) | head -1)"
    if [ -n "$nvidia" ]; then
        export OCL_ICD_FILENAMES="$nvidia"
    fi
fi
devices="$(java -cp "$bundle/nnc.jar:$bundle/classes" bench.OpenClDevices)"
echo "OpenCL devices: ${devices:-none}" >&2
if ! grep -q '^gpu=' <<<"$devices"; then
    echo "bench/gpu/run.sh: OpenCL sees no GPU (ICD entries: $(ls /etc/OpenCL/vendors 2>/dev/null | tr '\n' ' ')" \
         "OCL_ICD_FILENAMES=${OCL_ICD_FILENAMES:-unset}; NVIDIA's libnvidia-opencl.so.1 is part of its driver)" >&2
    exit 1
fi
# a CUDA build of PyTorch, where the machine has one, is the GPU's peer
export PYTORCH_PYTHON="${PYTORCH_PYTHON:-$(command -v python3)}"
exec python3 "$root/bench/run.py" --prebuilt "$bundle" "$@"
