#!/bin/sh
# Where a training step's time goes, layer by layer: compiles a model with `nnc compile`, puts a timestamp between the
# generated layers (instrument.py), trains on random examples and prints milliseconds per step for each layer's
# forward and backward, the loss and the optimizer's update (LayerProbe.java).
# Usage: bench/layers/run.sh [MODEL.nn] [STEPS] [WARM] [WARM_UP_MS]  (default: samples/mnist-cnn, 100 steps timed after 200; about 30 s)
set -e
cd "$(dirname "$0")/../.."
model="${1:-samples/mnist-cnn/src/main/nn/cnn/mnist_cnn.nn}" steps="${2:-100}" warm="${3:-200}" warmup="${4:-0}"
out=bench/target/layers
rm -rf "$out" && mkdir -p "$out/src" "$out/classes"
./nnc compile "$model" -d "$out/src" --package layers 2>&1 | { grep -v -e "incubator modules" -e "^wrote " >&2 || true; }
trainer="$(cd "$out/src/layers" && ls *Trainer.java | grep -v OpenCl | head -1)"
python3 bench/layers/instrument.py "$out/src/layers/${trainer%Trainer.java}.java" "$out/src/layers/$trainer"
javac -nowarn -d "$out/classes" -cp compiler/target/nnc.jar bench/layers/LayerProbe.java "$out/src/layers/${trainer%Trainer.java}.java" \
  "$out/src/layers/$trainer" 2>&1 | { grep -v -e "incubat" -e "^1 warning" -e "^Note:" >&2 || true; }
java --add-modules jdk.incubator.vector -Xss16m -XX:+UseSerialGC -cp "$out/classes:compiler/target/nnc.jar" \
  layers.LayerProbe "layers.${trainer%.java}" "$steps" "$warm" "$warmup" 2>&1 | grep -v "incubator modules"
