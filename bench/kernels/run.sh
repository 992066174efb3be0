#!/bin/sh
# nnc's matrix products at the models' shapes beside OpenBLAS's, alternating in one JVM (KernelBench.java).
# Usage: bench/kernels/run.sh [--quick] [ROUNDS]    (9 rounds: about 2 minutes; builds nnc.jar through ./nnc if stale)
# Installs Debian's libopenblas0-pthread when it is missing and apt-get can; without it, times nnc alone.
set -e
cd "$(dirname "$0")/../.."
if [ "$1" != "--quick" ] && ! ls /usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0 >/dev/null 2>&1 \
    && command -v apt-get >/dev/null; then
  echo "installing libopenblas0-pthread (Debian)..." >&2
  SUDO=$( [ "$(id -u)" = 0 ] || echo sudo )
  ($SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq libopenblas0-pthread) >&2 || true
fi
./nnc --version 2>&1 >/dev/null | { grep -v "incubator modules" >&2 || true; }
out=bench/target/kernels
rm -rf "$out" && mkdir -p "$out"
javac -nowarn -d "$out" -cp compiler/target/nnc.jar --add-modules jdk.incubator.foreign \
  bench/kernels/KernelBench.java bench/kernels/OpenBlas.java bench/ab/ModelOps.java 2>&1 \
  | { grep -v -e "incubat" -e "^1 warning" >&2 || true; }
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS OMP_NUM_THREADS
status=0
java --add-modules jdk.incubator.vector,jdk.incubator.foreign --enable-native-access=ALL-UNNAMED -Xss16m \
  -cp "$out:compiler/target/nnc.jar" KernelBench "$@" >"$out/report.txt" 2>&1 || status=$?
grep -v "incubator modules" "$out/report.txt"
exit $status
