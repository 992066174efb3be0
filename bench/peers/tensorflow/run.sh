#!/bin/sh
# Trains one MNIST model for one epoch with TensorFlow for Java 1.1.0 and prints one RESULT line on stdout.
# Usage: bench/peers/tensorflow/run.sh --model mlp|cnn [--data DIR] [--limit N] [--threads N] [--seed N]
# Builds on first use (or when a source or the pom changed): offline from ~/.m2 if it can, else online.
set -e
cd "$(dirname "$0")"

stamp=target/classpath.txt
if [ ! -f "$stamp" ] || [ ! -d target/classes ] || [ pom.xml -nt "$stamp" ] \
    || [ -n "$(find src -newer "$stamp" -type f 2>/dev/null | head -n 1)" ]; then
    echo "[tf] building bench/peers/tensorflow ..." >&2
    goals="package -DskipTests dependency:build-classpath -Dmdep.outputFile=$stamp"
    # shellcheck disable=SC2086
    if ! mvn -q -B -o $goals >&2; then
        echo "[tf] offline build failed; retrying online" >&2
        # shellcheck disable=SC2086
        mvn -q -B $goals >&2
    fi
    touch "$stamp"
fi

exec java ${TF_BENCH_JAVA_OPTS:-} -cp "target/classes:$(cat "$stamp")" dev.nnc.bench.tf.TfBench "$@"
