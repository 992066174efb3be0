#!/usr/bin/env python3
"""nnc's benchmark beside TensorFlow for Java and PyTorch, in one run.

Trains the benchmark's MLP (784→128→10, Adam, batch 100) and the CNN of samples/mnist-cnn (Adam, batch 50)
for one epoch of real MNIST through every nnc backend present and through the peers, alternating the systems
round by round; then the matrix products' GFLOP/s at the models' shapes beside OpenBLAS's (one JVM, alternating),
and inference through the generated classes. Prints a Markdown report and writes it to --out.

    bench/run                      # everything (about an hour on 2 cores: the CNN epochs dominate)
    bench/run --models mlp         # the MLP only (a few minutes)
    bench/run --quick              # a smoke test: nnc only, 600 examples, no kernels (CI runs this)
    bench/run --prebuilt DIR       # on a machine without Maven: the jar and classes of bench/gpu/bundle.sh
"""
import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = os.path.join(ROOT, "bench", "target", "work")
JAR = os.path.join(ROOT, "compiler", "target", "nnc.jar")
CLASSES = os.path.join(WORK, "classes")  # the generated trainers and the bench's own classes
# nnc's trainers allocate nothing per step, so they need no GC throughput: the Serial collector and a small
# first heap keep the footprint down (README, "Performance"); users run them the same way
# and, with 2 or 3 cores, a second thread for the JIT's optimising compiler, as the launcher gives them (bench/NOTES.md
# item 60)
JAVA = ["java", "--add-modules", "jdk.incubator.vector", "-Xss16m", "-XX:+UseSerialGC", "-Xms32m"] + (
    ["-XX:CICompilerCount=3"] if 2 <= len(os.sched_getaffinity(0)) < 4 else [])
MODELS = {
    "mlp": {"nn": "bench/models/bench_mlp.nn", "trainer": "bench.BenchMlpTrainer"},
    "cnn": {"nn": "samples/mnist-cnn/src/main/nn/cnn/mnist_cnn.nn", "trainer": "bench.MnistCnnTrainer"},
}


def log(message):
    print(message, file=sys.stderr, flush=True)


def run(command, timeout=7200):
    log("$ " + " ".join(command))
    t0 = time.time()
    p = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, errors="replace", timeout=timeout)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({p.returncode}):\n{p.stdout[-3000:]}\n{p.stderr[-3000:]}")
    log(f"  {time.time() - t0:.1f} s")
    for line in p.stdout.splitlines():
        if line.startswith("RESULT "):
            log("  " + line)  # in the log as it comes: a run stopped midway keeps what it measured
    return p.stdout


def results(output):
    return [json.loads(line[len("RESULT "):]) for line in output.splitlines() if line.startswith("RESULT ")]


def build(models):
    """Builds nnc's jar, generates the models' Java and OpenCL classes and compiles them with the inference bench."""
    run(["./nnc", "check"] + [MODELS[m]["nn"] for m in models])  # the launcher builds compiler/target/nnc.jar
    src = os.path.join(WORK, "src")
    shutil.rmtree(WORK, ignore_errors=True)
    for m in ("mlp", "cnn"):
        run(["./nnc", "compile", MODELS[m]["nn"], "-d", src, "--package", "bench", "--opencl"])
        # a GPU's kernels: matrix products tiled in local memory (PoCL's CPU device runs the direct ones faster)
        run(["./nnc", "compile", MODELS[m]["nn"], "-d", src, "--package", "bench.tiled", "--opencl", "--tiled"])
    sources = [os.path.join(d, f) for d in (os.path.join(src, "bench"), os.path.join(src, "bench", "tiled"))
               for f in os.listdir(d) if f.endswith(".java")]
    sources += [os.path.join(ROOT, "bench", "src", "bench", f) for f in ("InferenceBench.java", "OpenClDevices.java", "Determinism.java")]
    run(["javac", "-g", "-nowarn", "-cp", JAR, "-d", CLASSES] + sources)


def classpath():
    return JAR + os.pathsep + CLASSES


def opencl_devices():
    """{kind: description} of the OpenCL devices present: `opencl-cpu` (PoCL's CPU device) and `gpu`."""
    p = subprocess.run(JAVA + ["-cp", classpath(), "bench.OpenClDevices"], capture_output=True, text=True, errors="replace")
    return dict(line.split("=", 1) for line in p.stdout.splitlines() if "=" in line) if p.returncode == 0 else {}


def opencl_runs(model, devices):
    """The OpenCL devices `model` trains on here: a GPU, and PoCL's CPU device for the MLP (it trains the CNN at a
    few examples a second)."""
    return [k for k in devices if k == "gpu" or model == "mlp"]


def nnc_command(model, device, extra):
    trainer = MODELS[model]["trainer"].replace("bench.", "bench.tiled.") if device == "gpu" else MODELS[model]["trainer"]
    return JAVA + ["-cp", classpath(), trainer, "--device", device, "--epochs", "1", "--result"] + extra


def systems_for(model, wanted, devices, limit):
    """(name, command, examples note) of each system to train `model` with."""
    lim = ["--limit", str(limit)] if limit else []
    out = []
    if "nnc" in wanted:
        for device in ["java"] + opencl_runs(model, devices):
            out.append((f"nnc {device}", nnc_command(model, device, lim), limit))
    if "tensorflow" in wanted:
        out.append(("tensorflow-java", ["bench/peers/tensorflow/run.sh", "--model", model] + lim, limit))
    if "pytorch" in wanted:
        out.append(("pytorch", ["bench/peers/pytorch/run.sh", "--model", model] + lim, limit))
        if "gpu" in devices:
            out.append(("pytorch cuda", ["bench/peers/pytorch/run.sh", "--model", model, "--device", "cuda"] + lim, limit))
    return out


def training(models, wanted, rounds, limit, devices):
    rows = {}
    for r in range(rounds):
        for model in models:
            for name, command, examples in systems_for(model, wanted, devices, limit):
                for result in results(run(command)):
                    result["examples"] = examples
                    rows.setdefault((model, name), []).append(result)
    return rows


def training_table(rows, models):
    lines = ["| model | system | s/epoch (best) | s/epoch (median) | examples/s | ratio to best peer | test accuracy "
             "| cold start s | peak RSS MB | bytes allocated per step (from step 21 / second half) |", "|" + " --- |" * 10]
    for model in models:
        for (m, system), v in rows.items():
            if m != model:
                continue
            best_peer = best_peer_seconds(rows, model, on_gpu(system))
            best = min(v, key=lambda x: x["epoch_seconds"])
            median = statistics.median(x["epoch_seconds"] for x in v)
            seconds = best["epoch_seconds"]
            note = ""
            if v[0]["examples"]:  # a partial epoch: scale to 60,000 examples
                scale = 60000 / v[0]["examples"]
                seconds, median, note = seconds * scale, median * scale, f" ({v[0]['examples']} examples, scaled)"
            ratio = f"{seconds / best_peer:.2f}×" if best_peer else "–"
            alloc = (f"{best['allocated_bytes_per_step']:,} / {best['allocated_bytes_per_step_second_half']:,}"
                     if "allocated_bytes_per_step" in best else "–")
            lines.append(f"| {model} | {system}{note} | {seconds:.1f} | {median:.1f} | {best['examples_per_second']:,.0f} | {ratio} "
                         f"| {100 * best['test_accuracy']:.2f}% | {best['cold_start_seconds']:.2f} | {best['peak_rss_mb']:.0f} | {alloc} |")
    return lines


def on_gpu(system):
    return system in ("nnc gpu", "pytorch cuda")


def best_peer_seconds(rows, model, gpu):
    """The best whole epoch of a peer on the same kind of processor: a GPU's rows are compared with a GPU's."""
    peers = [min(x["epoch_seconds"] for x in v) for (m, s), v in rows.items()
             if m == model and not s.startswith("nnc") and on_gpu(s) == gpu and not v[0]["examples"]]
    return min(peers) if peers else None


def device_profiles(models, devices):
    """Each OpenCL run's `--profile` table: the time a step spends in each kernel pass, in copies and on the host."""
    lines = []
    for model in models:
        for device in opencl_runs(model, devices):
            command = nnc_command(model, device, ["--profile", "--limit", "6000"])
            table = [line for line in run(command).splitlines()
                     if line.startswith(("time a step on", "|", "(Aparapi"))]
            lines += [f"{model}, {device} ({devices[device]}), 6,000 examples: `{' '.join(command[command.index('-cp') + 2:])}`", ""]
            lines += table + [""]
    return lines


def determinism(devices, device="gpu"):
    """Do two OpenCL trainers of the MLP, side by side, compute the same weights? (bench/src/bench/Determinism.java)"""
    trainer = MODELS["mlp"]["trainer"].replace("bench.", "bench.tiled.")
    command = JAVA + ["-cp", classpath(), "bench.Determinism", trainer, device, "300"]
    log("$ " + " ".join(command))
    p = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, errors="replace", timeout=1800)
    lines = [line for line in p.stdout.splitlines() if line.startswith(("step ", "300 steps"))]
    return [f"MLP on {devices[device]}, two OpenCL trainers side by side, 300 steps "
            f"(`bench.Determinism`, bench/NOTES.md item 56): " + (lines[-1] if lines else f"no result ({p.returncode})"), ""]


def thread_counts(cores):
    """1, 2, 4, … up to the machine's cores, and the cores themselves."""
    return sorted({1 << i for i in range(cores.bit_length()) if 1 << i <= cores} | {cores})


def scaling(models, limit):
    """The Java backend at 1, 2, 4, … threads up to the cores (`-Dnnc.cpu.threads`), `limit` examples each: how its
    steps scale with cores (on the H100 machine's 16-core Xeon the CNN's epoch took 15.6 s, here 22.4 s on 2)."""
    lines = [f"The Java backend's trainers on {limit:,} examples (their first steps included), by threads:", "",
             "| model | threads | examples/s | speedup over one thread | test accuracy |", "|" + " --- |" * 5]
    for model in models:
        one = None
        for threads in thread_counts(os.cpu_count()):
            command = (JAVA + [f"-Dnnc.cpu.threads={threads}", "-cp", classpath(), MODELS[model]["trainer"], "--device", "java",
                               "--epochs", "1", "--result", "--limit", str(limit)])
            r = results(run(command))[0]
            one = one or r["examples_per_second"]
            lines.append(f"| {model} | {threads} | {r['examples_per_second']:,.0f} | {r['examples_per_second'] / one:.2f}× "
                         f"| {100 * r['test_accuracy']:.2f}% |")
    return lines + [""]


def kernels():
    """nnc's products at the models' shapes beside OpenBLAS's, alternating in one JVM (bench/kernels/KernelBench.java)."""
    return run(["bench/kernels/run.sh"]).strip().splitlines() + [""]


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--models", default="mlp,cnn")
    p.add_argument("--systems", default="nnc,tensorflow,pytorch")
    p.add_argument("--rounds", type=int, default=2)
    p.add_argument("--limit", type=int, default=0, help="train on the first N examples only")
    p.add_argument("--quick", action="store_true", help="nnc only, 600 examples, one round, no kernels")
    p.add_argument("--no-kernels", action="store_true")
    p.add_argument("--scaling", type=int, nargs="?", const=12000, metavar="EXAMPLES",
                   help="also time the Java backend at 1, 2, 4, ... threads up to the cores, on EXAMPLES examples (12,000)")
    p.add_argument("--build-only", action="store_true", help="build the trainers and the bench's classes, then stop")
    p.add_argument("--prebuilt", metavar="DIR", help="use DIR/nnc.jar and DIR/classes (bench/gpu/bundle.sh) instead of building")
    p.add_argument("--out", default=os.path.join(ROOT, "bench", "results", "latest.md"))
    a = p.parse_args()
    models, wanted = a.models.split(","), a.systems.split(",")
    if a.quick:
        wanted, a.rounds, a.limit, a.no_kernels = ["nnc"], 1, a.limit or 600, True
    if a.prebuilt:
        global JAR, CLASSES
        JAR, CLASSES = os.path.join(a.prebuilt, "nnc.jar"), os.path.join(a.prebuilt, "classes")
    else:
        build(models)
        if a.build_only:
            return
    devices = {} if a.quick else opencl_devices()
    report = [f"# nnc benchmark, {time.strftime('%Y-%m-%d %H:%M')}", "",
              f"Machine: {os.cpu_count()} cores, {platform.processor() or platform.machine()}, "
              f"{cpu_model()}; Java {java_version()}; " + (f"GPU: {devices['gpu']}." if "gpu" in devices else "no GPU."), "",
              f"Command: `bench/run {' '.join(sys.argv[1:])}`; {a.rounds} round(s), systems alternating.", ""]
    rows = training(models, wanted, a.rounds, a.limit, devices)
    report += ["## Training, one epoch", ""] + training_table(rows, models) + [""]
    if devices and "nnc" in wanted:
        report += ["## OpenCL: where a step's time goes (`--profile`, weights resident on the device)", ""]
        report += device_profiles(models, devices)
        if "gpu" in devices and "mlp" in models:
            report += ["## OpenCL: the same result twice", ""] + determinism(devices)
    if a.scaling:
        report += ["## The Java backend on more cores", ""] + scaling(models, a.scaling)
    if not a.no_kernels:
        report += ["## Matrix kernels at the models' shapes", ""] + kernels()
    report += ["## Inference (generated classes, Java backend)", ""]
    for r in results(run(JAVA + ["-cp", classpath(), "bench.InferenceBench"]
                         + models + (["--quick"] if a.quick else []))):
        report.append("- " + ", ".join(f"{k}: {v}" for k, v in r.items() if k != "system"))
    text = "\n".join(report) + "\n"
    print(text)
    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    with open(a.out, "w") as f:
        f.write(text)


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            info = dict(line.split(":", 1) for line in f.read().split("\n\n")[0].splitlines() if ":" in line)
        info = {k.strip(): v.strip() for k, v in info.items()}
        return (f"{info.get('model name', 'unknown CPU')} (family {info.get('cpu family', '?')}, model {info.get('model', '?')}), "
                + ("AVX-512" if "avx512f" in info.get("flags", "").split() else "AVX2"))
    except OSError:
        pass
    return "unknown CPU"


def java_version():
    p = subprocess.run(["java", "-version"], capture_output=True, text=True)
    return p.stderr.splitlines()[0] if p.stderr else "?"


if __name__ == "__main__":
    main()
