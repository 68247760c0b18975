#!/usr/bin/python3
"""Expected values for the U-Net tests, from the PyTorch reference model
(../shared/tools/pytorch_ref/unet_models.py, torch 1.13). Not a test: the JUnit tests never need
Python; run this by hand when the network or a fixture changes.

    /usr/bin/python3 nn/scripts/unet_reference.py keys > /tmp/keys.txt
        prints the state-dict keys and shapes of the seed U-Net (nearest) and its transposed-conv
        variant, and their trainable parameter counts, as Java lines pasted into UNetReferenceKeys.java.
    /usr/bin/python3 nn/scripts/unet_reference.py fixture nn/src/test/resources/mgdaunet/nn/unet/small_unet.safetensors
        writes the forward/backward-equivalence fixture read by UNetPyTorchEquivalenceTest: a small
        reference U-Net (encoder 4, 8, 8, bottleneck 8, 3 classes) with its batch-norm parameters and
        statistics randomized, an input "x" of 2 x 1 x 16 x 20 (padded to 24 wide inside, cropped
        back) and a "target", and for each variant under "<up>." (nearest; convT, which shares every
        weight but its conv-transposes): the state dict ("model.", for convT only trunk.ups.*), the
        evaluation output ("eval_out"), then one training-mode forward: its output ("train_out"), the
        mean pixel-wise cross-entropy ("loss"), parameter gradients ("grad.<name>": all for nearest;
        trunk.ups.* and the first conv's for convT) and, for nearest, the buffers after the step
        ("after.<name>").
    /usr/bin/python3 nn/scripts/unet_reference.py java-check
        (after ./mvnw -B -q -o -pl nn -am compile) runs nn/scripts/UNetExport.java, which builds the
        seed U-Net in Java, runs it on a fixed input and saves its state dict with Module.save
        (num_batches_tracked as I64) and the output; loads that state dict into the reference model
        with the strict load_state_dict and compares the outputs.

The safetensors package is not installed here: files are written and read with the documented
layout directly (u64 header length, JSON, little-endian data), tensors in the Rust writer's order
(dtype, larger first, then name).
"""
import json
import os
import struct
import subprocess
import sys
import tempfile

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "..", "shared", "tools", "pytorch_ref"))
sys.path.insert(0, "/work/shared/tools/pytorch_ref")
import unet_models  # noqa: E402

NP = {"F32": np.float32, "F64": np.float64, "I64": np.int64, "I32": np.int32, "U8": np.uint8}
RANK = {"I64": 0, "F64": 1, "F32": 2, "I32": 3, "U8": 4}


def write(path, tensors):
    """name -> torch tensor (float32 or int64)."""
    items = {}
    for k, t in tensors.items():
        a = t.detach().cpu().numpy()
        dt = {np.dtype(np.float32): "F32", np.dtype(np.int64): "I64"}[a.dtype]
        items[k] = (dt, a.astype(a.dtype.newbyteorder("<")).tobytes(), a.shape)
    names = sorted(items, key=lambda k: (RANK[items[k][0]], k.encode("utf-8")))
    header, off = {}, 0
    for n in names:
        dt, blob, shape = items[n]
        header[n] = {"dtype": dt, "shape": list(shape), "data_offsets": [off, off + len(blob)]}
        off += len(blob)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(items[n][1] for n in names))


def read(path):
    raw = open(path, "rb").read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    header.pop("__metadata__", None)
    data = raw[8 + n:]
    out, dtypes = {}, {}
    for name, info in header.items():
        b, e = info["data_offsets"]
        a = np.frombuffer(data[b:e], dtype=np.dtype(NP[info["dtype"]]).newbyteorder("<")).reshape(info["shape"])
        out[name] = torch.from_numpy(a.astype(NP[info["dtype"]]))
        dtypes[name] = info["dtype"]
    return out, dtypes


def configure(enc, mid, ncls, w_in, w_pad):
    unet_models.ENC, unet_models.MID, unet_models.DEC = tuple(enc), mid, tuple(reversed(enc))
    unet_models.NCLS, unet_models.W_IN, unet_models.W_PAD = ncls, w_in, w_pad


def keys():
    configure((16, 32, 48, 64), 64, 11, 84, 96)
    for up, label in (("nearest", "NEAREST"), ("convT", "TRANSPOSED")):
        m = unet_models.UNet(up)
        print(f"    // {label}: {unet_models.n_params(m)} trainable parameters, {len(m.state_dict())} state-dict entries")
        print(f"    static final String[] {label} = {{")
        for k, v in m.state_dict().items():
            print(f'        "{k} {",".join(str(d) for d in v.shape)}",')
        print("    };")


def randomize_batch_norms(model, g):
    with torch.no_grad():
        for mod in model.modules():
            if isinstance(mod, torch.nn.BatchNorm2d):
                mod.weight.uniform_(0.5, 1.5, generator=g)
                mod.bias.uniform_(-0.2, 0.2, generator=g)
                mod.running_mean.uniform_(-0.3, 0.3, generator=g)
                mod.running_var.uniform_(0.5, 2.0, generator=g)
                mod.num_batches_tracked.fill_(3)


def fixture(out):
    configure((4, 8, 8), 8, 3, 20, 24)
    unet_models.SegHead.__init__.__defaults__ = (16, 3)  # its class count is a default argument, bound at import
    g = torch.Generator().manual_seed(7)
    x = torch.rand(2, 1, 16, 20, generator=g)
    target = torch.randint(0, 3, (2, 16, 20), generator=g)
    tensors = {"x": x, "target": target}
    torch.manual_seed(11)
    nearest = unet_models.UNet("nearest")
    randomize_batch_norms(nearest, g)
    # The transposed variant shares every weight but its conv-transposes: only those are stored for it.
    transposed = unet_models.UNet("convT")
    missing = transposed.load_state_dict(nearest.state_dict(), strict=False).missing_keys
    assert all(k.startswith("trunk.ups.") for k in missing), missing
    for up, m in (("nearest", nearest), ("convT", transposed)):
        for k, v in m.state_dict().items():
            if up == "nearest" or k.startswith("trunk.ups."):
                tensors[f"{up}.model.{k}"] = v.clone()
        m.eval()
        with torch.no_grad():
            tensors[f"{up}.eval_out"] = m(x)
        m.train()
        y = m(x)
        loss = F.cross_entropy(y, target)
        loss.backward()
        tensors[f"{up}.train_out"] = y.detach()
        tensors[f"{up}.loss"] = loss.detach()
        for k, p in m.named_parameters():
            if up == "nearest" or k.startswith("trunk.ups.") or k.startswith("trunk.enc.0.0."):
                tensors[f"{up}.grad.{k}"] = p.grad
        if up == "nearest":
            for k, b in m.named_buffers():
                tensors[f"{up}.after.{k}"] = b.clone()
    write(out, tensors)
    print(f"wrote {out}: {len(tensors)} tensors, {os.path.getsize(out)} bytes")


def java_check():
    classpath = os.pathsep.join(os.path.join(ROOT, m, "target", "classes") for m in ("nn", "autograd", "tensor"))
    gson = os.path.expanduser("~/.m2/repository/com/google/code/gson/gson/2.15.0/gson-2.15.0.jar")
    java = os.path.join(os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "java")
    configure((16, 32, 48, 64), 64, 11, 84, 96)
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        for up, flag in (("nearest", "nearest"), ("convT", "transposed")):
            state_file, out_file = os.path.join(tmp, f"{up}.safetensors"), os.path.join(tmp, f"{up}-out.safetensors")
            r = subprocess.run([java, "--add-modules", "jdk.incubator.vector", "-cp", classpath + os.pathsep + gson,
                                os.path.join(HERE, "UNetExport.java"), flag, state_file, out_file], capture_output=True, text=True)
            if r.returncode != 0:
                sys.exit("UNetExport failed: " + r.stderr)
            state, dtypes = read(state_file)
            io, _ = read(out_file)
            m = unet_models.UNet(up)
            result = m.load_state_dict(state, strict=True)  # raises on any missing, unexpected or mis-shaped key
            counters = sorted({dtypes[k] for k in state if k.endswith("num_batches_tracked")})
            m.eval()
            with torch.no_grad():
                y = m(io["x"])
            diff = float((y - io["y"]).abs().max())
            good = diff < 1e-4 and counters == ["I64"] and m.trunk.enc[0][1].num_batches_tracked.dtype == torch.int64
            ok &= good
            print(f"{up}: strict load_state_dict {result}; num_batches_tracked dtypes {counters}; "
                  f"max |torch - java| eval output {diff:.3g} over {y.numel()} values: {'OK' if good else 'FAILED'}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    torch.set_num_threads(2)
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    if cmd == "keys":
        keys()
    elif cmd == "fixture" and len(sys.argv) == 3:
        fixture(sys.argv[2])
    elif cmd == "java-check":
        java_check()
    else:
        sys.exit(__doc__)
