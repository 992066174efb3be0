"""PyTorch peer of nnc's benchmark: one epoch of the benchmark's MLP or CNN on MNIST, and OpenBLAS's GEMM.

Run with Debian's python3-torch (see run.sh, which installs it and unsets the OpenBLAS tuning variables).
Prints one `RESULT {json}` line on stdout; progress goes to stderr.
"""
import argparse
import gzip
import json
import os
import resource
import sys
import time

START = time.time()  # close to interpreter start: imports follow

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

FILES = {
    "train_images": "train-images-idx3-ubyte",
    "train_labels": "train-labels-idx1-ubyte",
    "test_images": "t10k-images-idx3-ubyte",
    "test_labels": "t10k-labels-idx1-ubyte",
}


def read_idx(directory, stem):
    for name in (stem, stem + ".gz"):
        path = os.path.join(directory, name)
        if os.path.exists(path):
            break
    else:
        sys.exit(f"bench.py: {os.path.join(directory, stem)}: no such file (nor .gz)")
    with open(path, "rb") as f:
        raw = f.read()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    if len(raw) < 8 or raw[0] != 0 or raw[1] != 0 or raw[2] != 8:
        sys.exit(f"bench.py: {path}: not an IDX file of unsigned bytes (bad magic)")
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims)]
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims)
    if data.size != int(np.prod(shape)):
        sys.exit(f"bench.py: {path}: truncated: header says {shape}, file holds {data.size} values")
    return data.reshape(shape)


class Mlp(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        return self.fc2(F.relu(self.fc1(x.view(-1, 784))))

    def penalty(self):
        return 0.0


class Cnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 5, padding=2)
        self.conv2 = nn.Conv2d(32, 64, 5, padding=2)
        self.fc1 = nn.Linear(3136, 1024)
        self.fc2 = nn.Linear(1024, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x.view(-1, 1, 28, 28))), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = F.dropout(F.relu(self.fc1(x.flatten(1))), 0.5, self.training)
        return self.fc2(x)

    def penalty(self):
        return 5e-4 * sum((m.weight ** 2).sum() / 2 for m in (self.conv1, self.conv2, self.fc1, self.fc2))


MODELS = {"mlp": (Mlp, 100, 1e-3), "cnn": (Cnn, 50, 1e-4)}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", choices=sorted(MODELS), required=True)
    p.add_argument("--data", default=os.environ.get("NNC_MNIST_DIR", os.path.expanduser("~/.cache/nnc/mnist")))
    p.add_argument("--limit", type=int, default=0)
    p.add_argument("--threads", type=int, default=0)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--device", choices=["cpu", "cuda"], default="cpu")
    args = p.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    system = f"pytorch {torch.__version__.split('+')[0]}"
    device = torch.device(args.device)
    if args.device == "cuda":
        if not torch.cuda.is_available():
            sys.exit("bench.py: --device cuda: this PyTorch sees no CUDA device")
        system += " on " + torch.cuda.get_device_name()
    torch.manual_seed(args.seed)
    images = read_idx(args.data, FILES["train_images"]).reshape(-1, 784).astype(np.float32) / 255
    labels = read_idx(args.data, FILES["train_labels"]).astype(np.int64)
    test_images = torch.from_numpy(read_idx(args.data, FILES["test_images"]).reshape(-1, 784).astype(np.float32) / 255)
    test_labels = torch.from_numpy(read_idx(args.data, FILES["test_labels"]).astype(np.int64))
    if args.limit:
        images, labels = images[: args.limit], labels[: args.limit]
    # on a GPU the whole dataset lives in its memory, as the weights do: a step copies nothing from the host
    x, y = torch.from_numpy(images).to(device), torch.from_numpy(labels).to(device)
    test_images, test_labels = test_images.to(device), test_labels.to(device)
    cls, batch, lr = MODELS[args.model]
    model = cls().to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    order = torch.randperm(len(x)).to(device)
    steps = len(x) // batch
    model.train()
    cold_start = None
    t0 = time.perf_counter()
    for s in range(steps):
        idx = order[s * batch: (s + 1) * batch]
        optimizer.zero_grad()
        loss = F.cross_entropy(model(x[idx]), y[idx]) + model.penalty()
        loss.backward()
        optimizer.step()
        if cold_start is None:
            if args.device == "cuda":
                torch.cuda.synchronize()
            cold_start = time.time() - START
        if s % 100 == 0:
            print(f"step {s}/{steps} loss {loss.item():.4f}", file=sys.stderr)
    if args.device == "cuda":
        torch.cuda.synchronize()
    seconds = time.perf_counter() - t0
    model.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, len(test_images), 1000):
            correct += (model(test_images[i: i + 1000]).argmax(1) == test_labels[i: i + 1000]).sum().item()
    print("RESULT " + json.dumps({
        "system": system, "model": args.model, "batch": batch,
        "epoch_seconds": round(seconds, 2), "examples_per_second": round(steps * batch / seconds, 1),
        "test_accuracy": round(correct / len(test_images), 4), "cold_start_seconds": round(cold_start, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }))


if __name__ == "__main__":
    main()
