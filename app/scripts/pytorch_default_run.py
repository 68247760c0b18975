"""The default run of `mgda-unet train`, in PyTorch: the same network, scenes, heads, step and settings.

For a side-by-side comparison of what the two reach per epoch. Not part of the build or the tests.

    ./mgda-unet data generate --out /tmp/pt/train --count 4000 --seed 1 --digits train --grid 0
    ./mgda-unet data generate --out /tmp/pt/test --count 1000 --seed 2 --digits test --grid 0
    /usr/bin/python3 app/scripts/pytorch_default_run.py /tmp/pt --epochs 5 [--strategy mgda-ub|equal]

Network: ../shared/tools/pytorch_ref/unet_models.py's UNetTrunk (nearest); heads on Z at the input's
size (cropped to 64 x 84 as mgda-unet's trunk does): seg a 1x1 conv to 11 classes; left and right a
conv3x3 16->32 stride 2, ReLU, adaptive average pool to 4 x 6, flatten, linear 768->10. Loss:
cross-entropy, mean. MGDA-UB: gradients of each task at the detached Z, no normalization, the
min-norm weights (exact for pairs, Frank-Wolfe from the best pair otherwise, as Sener and Koltun),
heads' gradients scaled by their weight, one trunk backward of sum_t a_t g_t. Adam lr 1e-3, batch 25.
Metrics on the test scenes from summed confusion matrices: mIoU over the ten digit classes,
background IoU, left / right accuracy.
"""
import argparse
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "tools", "pytorch_ref"))
sys.path.insert(0, "/work/shared/tools/pytorch_ref")
from unet_models import UNetTrunk  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("data")
ap.add_argument("--epochs", type=int, default=5)
ap.add_argument("--strategy", default="mgda-ub", choices=["mgda-ub", "equal"])
ap.add_argument("--threads", type=int, default=2)
ap.add_argument("--seed", type=int, default=1)
args = ap.parse_args()
torch.set_num_threads(args.threads)
torch.manual_seed(args.seed)


def load(folder):
    x = np.load(os.path.join(folder, "combined.npy")).astype(np.float32) / 255.0
    seg = np.load(os.path.join(folder, "segmented.npy")).argmax(-1).astype(np.int64)
    left = np.load(os.path.join(folder, "left.npy")).astype(np.int64)
    right = np.load(os.path.join(folder, "right.npy")).astype(np.int64)
    return torch.from_numpy(x[:, None]), torch.from_numpy(seg), torch.from_numpy(left), torch.from_numpy(right)


train, test = load(os.path.join(args.data, "train")), load(os.path.join(args.data, "test"))


class GridHead(nn.Module):
    def __init__(self, cin=16, mid=32, grid=(4, 6), ncls=10):
        super().__init__()
        self.conv = nn.Conv2d(cin, mid, 3, stride=2, padding=1)
        self.grid = grid
        self.fc = nn.Linear(mid * grid[0] * grid[1], ncls)

    def forward(self, z):
        return self.fc(F.adaptive_avg_pool2d(F.relu(self.conv(z)), self.grid).flatten(1))


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.trunk = UNetTrunk("nearest")
        self.heads = nn.ModuleDict({"seg": nn.Conv2d(16, 11, 1), "left": GridHead(), "right": GridHead()})

    def z(self, x):
        return self.trunk(x)[..., : x.shape[-1]]  # the trunk pads 84 -> 96; crop Z back


def min_norm(G):
    """Min-norm point of the convex hull, on the Gram matrix (exact for 2, Frank-Wolfe for more)."""
    n = G.shape[0]

    def pair(v11, v12, v22):
        if v12 >= v11:
            return 1.0, v11
        if v12 >= v22:
            return 0.0, v22
        g = (v22 - v12) / (v11 + v22 - 2 * v12)
        return g, v22 + g * (v12 - v22)

    best = None
    for i in range(n):
        for j in range(i + 1, n):
            g, d = pair(G[i, i], G[i, j], G[j, j])
            if best is None or d < best[3]:
                best = (i, j, g, d)
    sol = np.zeros(n)
    sol[best[0]], sol[best[1]] = best[2], 1 - best[2]
    for _ in range(250):
        gs = G @ sol
        t = int(np.argmin(gs))
        g, _ = pair(float(sol @ gs), float(gs[t]), float(G[t, t]))
        new = g * sol
        new[t] += 1 - g
        if np.abs(new - sol).sum() < 1e-9:
            break
        sol = new
    return sol


model = Model()
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
names = ["seg", "left", "right"]


def losses(z, seg, left, right):
    return [F.cross_entropy(model.heads["seg"](z), seg), F.cross_entropy(model.heads["left"](z), left),
            F.cross_entropy(model.heads["right"](z), right)]


def step(x, seg, left, right):
    opt.zero_grad(set_to_none=True)
    z = model.z(x)
    if args.strategy == "equal":
        ls = losses(z, seg, left, right)
        sum(ls).backward()
        opt.step()
        return [float(v) for v in ls], [1.0, 1.0, 1.0]
    zd = z.detach().requires_grad_(True)
    ls = losses(zd, seg, left, right)
    grads = [torch.autograd.grad(l, zd, retain_graph=True)[0].flatten().double() for l in ls]
    G = np.array([[float(a @ b) for b in grads] for a in grads])
    a = min_norm(G)
    sum(float(w) * l for w, l in zip(a, ls)).backward()
    z.backward(zd.grad)
    opt.step()
    return [float(v) for v in ls], list(a)


def evaluate():
    model.eval()
    conf = np.zeros((11, 11), dtype=np.int64)
    correct = {"left": 0, "right": 0}
    x, seg, left, right = test
    with torch.no_grad():
        for i in range(0, len(x), 50):
            z = model.z(x[i:i + 50])
            p = model.heads["seg"](z).argmax(1).flatten().numpy()
            t = seg[i:i + 50].flatten().numpy()
            conf += np.bincount(t * 11 + p, minlength=121).reshape(11, 11)
            correct["left"] += int((model.heads["left"](z).argmax(1) == left[i:i + 50]).sum())
            correct["right"] += int((model.heads["right"](z).argmax(1) == right[i:i + 50]).sum())
    model.train()
    tp = np.diag(conf).astype(float)
    denom = conf.sum(0) + conf.sum(1) - tp
    iou = np.where(denom > 0, tp / np.maximum(denom, 1), np.nan)
    return np.nanmean(iou[:10]), iou[10], correct["left"] / len(x), correct["right"] / len(x)


x, seg, left, right = train
g = torch.Generator().manual_seed(args.seed)
print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, strategy {args.strategy}, load {os.getloadavg()[0]:.1f}", flush=True)
start = time.time()
for epoch in range(1, args.epochs + 1):
    t0 = time.time()
    order = torch.randperm(len(x), generator=g)
    wsum = np.zeros(3)
    for b in range(0, len(x), 25):
        idx = order[b:b + 25]
        _, w = step(x[idx], seg[idx], left[idx], right[idx])
        wsum += w
    t1 = time.time()
    miou, bg, la, ra = evaluate()
    w = wsum / ((len(x) + 24) // 25)
    print(f"epoch {epoch}: train {t1 - t0:.0f} s, eval {time.time() - t1:.0f} s; mIoU {miou:.4f}, background IoU {bg:.4f}, "
          f"left {la:.4f}, right {ra:.4f}; mean weights seg {w[0]:.3f} left {w[1]:.3f} right {w[2]:.3f}; load {os.getloadavg()[0]:.1f}", flush=True)
print(f"total {time.time() - start:.0f} s")
