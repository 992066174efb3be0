#!/usr/bin/env bash
# Packs what `bench/run` needs on a machine that has a GPU but no JDK, Maven or network (a lent GPU machine):
#   jre.tgz   a Java 17 runtime cut by jlink to the modules nnc's trainers use (about 31 MB)
#   nnc.jar   nnc's jar without the other platforms' Aparapi libraries
#   classes/  the benchmark's trainers (plain and --tiled) and its own classes, built here by `bench/run --build-only`
#   mnist/    the four MNIST files, gzipped
#   lib/      the OpenCL ICD loader (libOpenCL.so.1), for a machine whose driver brings none
# Then, there: bench/gpu/run.sh [BUNDLE] [bench/run's options]. Usage: bench/gpu/bundle.sh [BUNDLE]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:-$root/bench/target/bundle}"
python3 "$root/bench/run.py" --build-only
rm -rf "$out" && mkdir -p "$out/mnist" "$out/lib"
cp -r "$root/bench/target/work/classes" "$out/classes"
python3 - "$root/compiler/target/nnc.jar" "$out/nnc.jar" <<'EOF'
import sys, zipfile
other_platforms = ("win/", "osx/", "linux/libaparapi_aarch64", "linux/libaparapi_armhf", "linux/libaparapi_x86.")
with zipfile.ZipFile(sys.argv[1]) as src, zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED) as dst:
    for item in src.infolist():
        if not item.filename.startswith(other_platforms):
            dst.writestr(item, src.read(item.filename))
EOF
modules="$(jdeps --ignore-missing-deps --print-module-deps --multi-release 17 "$out/nnc.jar"),jdk.management,java.logging,jdk.unsupported"
jre="$(mktemp -d)/jre"
jlink --add-modules "$modules" --compress=2 --strip-debug --no-header-files --no-man-pages --output "$jre" 2>/dev/null
strip --strip-unneeded "$jre/lib/server/libjvm.so" 2>/dev/null || true  # Debian's keeps its symbols: 24 MB → 20
tar czf "$out/jre.tgz" -C "$(dirname "$jre")" jre && rm -rf "$(dirname "$jre")"
mnist="${NNC_MNIST_DIR:-$HOME/.cache/nnc/mnist}"
for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
    if [ -f "$mnist/$f" ]; then gzip -9c "$mnist/$f" > "$out/mnist/$f.gz"; else cp "$mnist/$f.gz" "$out/mnist/"; fi
done
loader="$(ldconfig -p | awk '/libOpenCL.so.1 .*x86-64/ {print $NF; exit}')"
[ -n "$loader" ] && cp -L "$loader" "$out/lib/libOpenCL.so.1"
du -sh "$out"
