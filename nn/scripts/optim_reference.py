#!/usr/bin/python3
"""Expected values for nn's optimizer, clipping and schedule tests, computed with the real PyTorch
(1.13 here). Not a test: run it by hand and paste its output into
nn/src/test/java/mgdaunet/nn/optim/PyTorchReference.java when a case changes.

    /usr/bin/python3 nn/scripts/optim_reference.py > /tmp/ref.java

Set-up shared with the Java tests (OptimizerTest): two float32 parameters
    p0 = [[0.5, -1.0, 1.5], [2.0, -0.25, 0.75]]      p1 = [0.1, -0.2, 0.3, -0.4, 0.5]
and at every step the gradient g = a * p + b (elementwise, float32, one multiply then one add: the
gradient of sum(a p^2 / 2 + b p)) with fixed a, b per parameter. At step 3 (index 2) p1 has no
gradient (None), so it is skipped; before step 4 (index 3) the learning rate is halved.
Five steps; the script prints the parameters and the optimizer state after them.
"""
import math
import warnings

import torch

# SequentialLR calls scheduler.step(0) at its milestone, which warns about the epoch argument
warnings.filterwarnings("ignore", category=UserWarning, module="torch.optim.lr_scheduler")

torch.set_default_dtype(torch.float32)

P0 = [[0.5, -1.0, 1.5], [2.0, -0.25, 0.75]]
P1 = [0.1, -0.2, 0.3, -0.4, 0.5]
A0 = [[1.0, 2.0, 0.5], [0.25, 3.0, 1.5]]
B0 = [[0.1, -0.3, 0.2], [-0.05, 0.4, -0.6]]
A1 = [2.0, 0.5, 1.0, 4.0, 0.1]
B1 = [-0.2, 0.3, 0.05, 0.1, -0.7]
STEPS = 5
SKIP_P1_AT = 2
HALVE_LR_AT = 3


def floats(t):
    vals = t.detach().reshape(-1).tolist()
    return "{" + ", ".join(f"{v!r}f" if math.isfinite(v) else "Float.NaN" for v in vals) + "}"


def run(name, make):
    p0 = torch.tensor(P0, requires_grad=True)
    p1 = torch.tensor(P1, requires_grad=True)
    a0, b0, a1, b1 = torch.tensor(A0), torch.tensor(B0), torch.tensor(A1), torch.tensor(B1)
    opt = make([p0, p1])
    for step in range(STEPS):
        if step == HALVE_LR_AT:
            for g in opt.param_groups:
                g["lr"] = g["lr"] / 2
        with torch.no_grad():
            p0.grad = a0 * p0 + b0
            p1.grad = None if step == SKIP_P1_AT else a1 * p1 + b1
        opt.step()
    print(f"    // {name}")
    print(f"    static final float[] {name}_P0 = {floats(p0)};")
    print(f"    static final float[] {name}_P1 = {floats(p1)};")
    state = opt.state_dict()["state"]
    for idx in sorted(state):
        for key, val in state[idx].items():
            if torch.is_tensor(val):
                print(f"    static final float[] {name}_STATE_{idx}_{key.upper()} = {floats(val)};")
    print()


def optimizers():
    print("    // ---- optimizers: 5 steps, p1 without gradient at step index 2, lr halved before step index 3")
    run("SGD_PLAIN", lambda ps: torch.optim.SGD(ps, lr=0.1))
    run("SGD_MOMENTUM", lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9, dampening=0.1, weight_decay=0.01))
    run("SGD_NESTEROV", lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.05))
    run("ADAM", lambda ps: torch.optim.Adam(ps, lr=0.01))
    run("ADAM_L2_AMSGRAD", lambda ps: torch.optim.Adam(ps, lr=0.02, betas=(0.8, 0.95), eps=1e-6, weight_decay=0.1, amsgrad=True))
    run("ADAMW", lambda ps: torch.optim.AdamW(ps, lr=0.01, weight_decay=0.1))
    run("ADAMW_AMSGRAD", lambda ps: torch.optim.AdamW(ps, lr=0.03, betas=(0.5, 0.9), weight_decay=0.2, amsgrad=True))


def clipping():
    print("    // ---- clip_grad_norm_: gradients a * p + b of the set-up, max_norm 1.0 and 100.0")
    for max_norm in (1.0, 100.0):
        p0 = torch.tensor(P0, requires_grad=True)
        p1 = torch.tensor(P1, requires_grad=True)
        with torch.no_grad():
            p0.grad = torch.tensor(A0) * p0 + torch.tensor(B0)
            p1.grad = torch.tensor(A1) * p1 + torch.tensor(B1)
        norm = torch.nn.utils.clip_grad_norm_([p0, p1], max_norm)
        tag = f"CLIP_{int(max_norm)}"
        print(f"    static final double {tag}_NORM = {norm.item()!r};")
        print(f"    static final float[] {tag}_G0 = {floats(p0.grad)};")
        print(f"    static final float[] {tag}_G1 = {floats(p1.grad)};")
    print()


def lrs(make, epochs):
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([p], lr=0.1)
    sched = make(opt)
    out = []
    for _ in range(epochs):
        out.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    return "{" + ", ".join(repr(v) for v in out) + "}"


def schedules():
    S = torch.optim.lr_scheduler
    print("    // ---- learning rates for epochs 0.. as PyTorch's schedulers give them (base lr 0.1, scheduler.step() once per epoch)")
    print(f"    static final double[] STEP_LR_3_HALF = {lrs(lambda o: S.StepLR(o, step_size=3, gamma=0.5), 10)};")
    print(f"    static final double[] STEP_LR_SENER_KOLTUN = {lrs(lambda o: S.StepLR(o, step_size=10, gamma=0.85), 35)};")
    print(f"    static final double[] EXPONENTIAL_LR_09 = {lrs(lambda o: S.ExponentialLR(o, gamma=0.9), 10)};")
    print(f"    static final double[] COSINE_LR_10_MIN_0001 = {lrs(lambda o: S.CosineAnnealingLR(o, T_max=10, eta_min=0.001), 15)};")
    warm = lambda o: S.SequentialLR(o, [S.LinearLR(o, start_factor=1 / 4, total_iters=3),
                                         S.CosineAnnealingLR(o, T_max=7, eta_min=0.0)], milestones=[3])
    print(f"    static final double[] COSINE_WARMUP_3_OF_10 = {lrs(warm, 10)};")


if __name__ == "__main__":
    print(f"    // generated by nn/scripts/optim_reference.py with torch {torch.__version__}")
    optimizers()
    clipping()
    schedules()
