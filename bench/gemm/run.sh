#!/bin/sh
# Builds the runtime's classes and prints the GFLOP/s table of the CPU matrix kernels.
# Usage: bench/gemm/run.sh [--quick] [--no-scalar] [--cnn]     (from anywhere; about 3 minutes in full)
set -e
cd "$(dirname "$0")/../.."
mvn -q -B -N install
mvn -q -B -pl runtime test-compile
exec java --add-modules jdk.incubator.vector \
    -cp runtime/target/classes:runtime/target/test-classes \
    dev.nnc.runtime.cpu.GemmBench "$@"
