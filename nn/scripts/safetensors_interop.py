#!/usr/bin/python3
"""Cross-checks mgda-unet's safetensors reader and writer against Python (not a test: the JUnit
tests never need Python; run this by hand after changing the checkpoint code).

    ./mvnw -B -q -o -pl nn -am compile        # the classes SafetensorsInterop.java runs against
    /usr/bin/python3 nn/scripts/safetensors_interop.py check
    /usr/bin/python3 nn/scripts/safetensors_interop.py fixture nn/src/test/resources/mgdaunet/nn/checkpoint/python_written.safetensors

`check`:
  1. Java writes the reference tensor set (SafetensorsInterop.java write); Python reads it with a
     small reader of the documented layout (numpy.frombuffer) and, when the `safetensors` package
     is importable, with safetensors.numpy and safetensors.torch; every value must match bit for bit,
     and a torch Conv2d loads the OIHW weight and bias strictly.
  2. Python's safetensors (or, without it, the reference writer below) writes the same set: the
     file's bytes must equal Java's, byte for byte.
  3. Python writes F32, F16, BF16 and F64 tensors (safetensors.torch when importable, else the
     reference writer); Java reads them (SafetensorsInterop.java dump) and must give torch's
     float32 conversion of each, bit for bit.
  4. Corrupt copies of Java's file (truncated, header length past the end, overlapping offsets,
     bad JSON, shape/offset mismatch): Java must refuse each with a one-line message naming the
     file, and the safetensors package, when present, must refuse them too.
`fixture OUT`: writes the Python-written file the JUnit test CheckpointFixtureTest reads, and
prints the values it holds as Java float literals.

The safetensors package is not installed in the system Python here; a wheel of it may be
unpacked into a folder on PYTHONPATH (it needs only numpy, and torch for safetensors.torch).
"""
import glob
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

try:
    import safetensors.numpy
    import safetensors.torch
    HAVE_ST = True
except ImportError:
    HAVE_ST = False

DTYPES = {"F32": (np.float32, 4), "F16": (np.float16, 2), "BF16": (None, 2), "F64": (np.float64, 8)}
# the reference (Rust) writer orders tensors by dtype, larger alignment first, then by name
WRITE_RANK = {"F64": 0, "F32": 1, "BF16": 2, "F16": 3}


def reference_set():
    """Must match SafetensorsInterop.referenceSet(): value i of tensor k is ((i*37 + k*11) % 101 - 50) / 16."""
    specs = [("enc.0.conv1.weight", (4, 1, 3, 3)), ("enc.0.conv1.bias", (4,)), ("enc.0.bn1.running_mean", (4,)),
             ("head.weight", (3, 5)), ("Z.scalar", ()), ("empty", (0, 3)), ("\u00e9t\u00e9.w", (2,))]
    out = {}
    for k, (name, shape) in enumerate(specs):
        n = int(np.prod(shape, dtype=np.int64))
        vals = np.array([((i * 37 + k * 11) % 101 - 50) / 16.0 for i in range(n)], dtype=np.float32)
        out[name] = vals.reshape(shape)
    return out


def mixed_set():
    """Tensors of every dtype Java reads, as torch tensors (values chosen to exercise rounding)."""
    return {
        "f32.weight": torch.tensor([[0.5, -1.25, 3.0], [1e-3, -0.0, 65504.0]], dtype=torch.float32),
        "f16.half": torch.tensor([1.0, -2.5, 0.1, 65504.0, 6e-08], dtype=torch.float16),
        "bf16.b": torch.tensor([1.0, -3.140625, 0.1, 1e30], dtype=torch.bfloat16),
        "f64.d": torch.tensor([[0.1, 1.0 / 3.0], [-2.0, 1e-40]], dtype=torch.float64),
        "scalar": torch.tensor(7.0, dtype=torch.float32),
        "empty": torch.zeros(0, dtype=torch.float32),
    }


MIXED_METADATA = {"format": "pt", "producer": "nn/scripts/safetensors_interop.py"}


def ref_read(path):
    """The documented layout, read with numpy: u64 LE header length, JSON, raw LE data."""
    raw = open(path, "rb").read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    data = raw[8 + n:]
    meta = header.pop("__metadata__", {})
    out = {}
    for name, info in header.items():
        b, e = info["data_offsets"]
        buf = data[b:e]
        if info["dtype"] == "BF16":
            arr = (np.frombuffer(buf, dtype="<u2").astype(np.uint32) << 16).view(np.float32)
        else:
            arr = np.frombuffer(buf, dtype=np.dtype(DTYPES[info["dtype"]][0]).newbyteorder("<")).astype(np.float32)
        out[name] = arr.reshape(info["shape"])
    return out, meta


def ref_write(path, tensors, metadata):
    """A reference writer of the layout, ordered and padded as the Rust writer does.
    tensors: name -> (dtype name, little-endian bytes, shape)."""
    names = sorted(tensors, key=lambda k: (WRITE_RANK[tensors[k][0]], k.encode("utf-8")))
    header, offset = {}, 0
    if metadata:
        header["__metadata__"] = dict(sorted(metadata.items(), key=lambda kv: kv[0].encode("utf-8")))
    for name in names:
        dtype, blob, shape = tensors[name]
        header[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": [offset, offset + len(blob)]}
        offset += len(blob)
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(tensors[n][1] for n in names))


def torch_to_ref(t):
    dtype = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16", torch.float64: "F64"}[t.dtype]
    blob = t.view(torch.int16).numpy().tobytes() if t.dtype == torch.bfloat16 else t.numpy().astype(
        t.numpy().dtype.newbyteorder("<")).tobytes()
    return dtype, blob, tuple(t.shape)


def write_mixed(path):
    if HAVE_ST:
        safetensors.torch.save_file(mixed_set(), path, metadata=MIXED_METADATA)
    else:
        ref_write(path, {k: torch_to_ref(v) for k, v in mixed_set().items()}, MIXED_METADATA)


def java_classpath():
    dirs = [os.path.join(ROOT, m, "target", "classes") for m in ("nn", "autograd", "tensor")]
    for d in dirs:
        if not os.path.isdir(d):
            sys.exit(f"{d} missing: run ./mvnw -B -q -o -pl nn -am compile first")
    gson = sorted(glob.glob(os.path.expanduser("~/.m2/repository/com/google/code/gson/gson/2.15.0/gson-2.15.0.jar")))
    if not gson:
        sys.exit("gson-2.15.0.jar not found in ~/.m2: run a Maven build of nn first")
    return os.pathsep.join(dirs + gson)


def java(*args):
    java_bin = os.path.join(os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "java")
    return subprocess.run([java_bin, "--add-modules", "jdk.incubator.vector", "-cp", java_classpath(),
                           os.path.join(HERE, "SafetensorsInterop.java"), *args],
                          capture_output=True, text=True)


def same_bits(a, b):
    a, b = np.ascontiguousarray(a, dtype=np.float32), np.ascontiguousarray(b, dtype=np.float32)
    return a.shape == b.shape and a.view(np.uint32).tobytes() == b.view(np.uint32).tobytes()


def check(tmp):
    failures = []

    def expect(ok, what):
        print(("ok   " if ok else "FAIL ") + what)
        if not ok:
            failures.append(what)

    print(f"safetensors package importable: {HAVE_ST}" + (f" ({safetensors.__version__})" if HAVE_ST else ""))
    ref = reference_set()

    # 1. Java writes, Python reads
    jfile = os.path.join(tmp, "java.safetensors")
    r = java("write", jfile)
    expect(r.returncode == 0, "Java writes the reference set" + (": " + r.stderr.strip() if r.returncode else ""))
    got, meta = ref_read(jfile)
    expect(set(got) == set(ref) and all(same_bits(got[k], ref[k]) for k in ref), "numpy reference reader reads Java's file, bit for bit")
    expect(meta == {"format": "pt"}, "metadata survives")
    conv = torch.nn.Conv2d(1, 4, 3)
    conv.load_state_dict({k[len("enc.0.conv1."):]: torch.from_numpy(v.copy()) for k, v in got.items() if k.startswith("enc.0.conv1.")})
    expect(same_bits(conv.weight.detach().numpy(), ref["enc.0.conv1.weight"]),
           "torch.nn.Conv2d(1, 4, 3).load_state_dict takes Java's OIHW weight and bias (strict)")
    if HAVE_ST:
        st = safetensors.numpy.load_file(jfile)
        expect(set(st) == set(ref) and all(same_bits(st[k], ref[k]) for k in ref), "safetensors.numpy reads Java's file, bit for bit")
        stt = safetensors.torch.load_file(jfile)
        expect(all(same_bits(stt[k].numpy(), ref[k]) for k in ref), "safetensors.torch reads Java's file, bit for bit")
        with safetensors.safe_open(jfile, "pt") as f:
            expect(f.metadata() == {"format": "pt"}, "safetensors reads Java's metadata")

    # 2. the same set written by Python: identical bytes
    pfile = os.path.join(tmp, "python.safetensors")
    if HAVE_ST:
        safetensors.numpy.save_file(ref, pfile, metadata={"format": "pt"})
        writer = "safetensors.numpy.save_file"
    else:
        ref_write(pfile, {k: ("F32", v.astype("<f4").tobytes(), v.shape) for k, v in ref.items()}, {"format": "pt"})
        writer = "the reference writer"
    expect(open(pfile, "rb").read() == open(jfile, "rb").read(), f"Java's bytes equal {writer}'s, byte for byte")

    # 3. Python writes every dtype, Java reads
    mfile = os.path.join(tmp, "mixed.safetensors")
    write_mixed(mfile)
    r = java("dump", mfile)
    expect(r.returncode == 0, "Java reads the Python-written F32/F16/BF16/F64 file" + (": " + r.stdout + r.stderr if r.returncode else ""))
    if r.returncode == 0:
        dump = json.loads(r.stdout)
        for name, t in mixed_set().items():
            want = t.float().numpy()
            j = dump["tensors"].get(name)
            ok = j is not None and tuple(j["shape"]) == tuple(t.shape) and np.array(j["bits"], dtype=np.int64).astype(
                np.uint32).tobytes() == np.ascontiguousarray(want).view(np.uint32).tobytes()
            expect(ok, f"  {name} ({t.dtype}) converts to torch's float32, bit for bit")
        expect(dump["metadata"] == MIXED_METADATA, "  metadata read by Java")

    # 4. corrupt copies: Java refuses each with a one-line message naming the file
    good = open(jfile, "rb").read()
    (n,) = struct.unpack("<Q", good[:8])
    hdr = good[8:8 + n].decode("utf-8")

    def with_header(text):
        b = text.encode("utf-8")
        b += b" " * (-len(b) % 8)
        return struct.pack("<Q", len(b)) + b + good[8 + n:]

    h = json.loads(hdr)
    overlap = dict(h)
    overlap["head.weight"] = dict(h["head.weight"], data_offsets=[h["head.weight"]["data_offsets"][0] - 4, h["head.weight"]["data_offsets"][1] - 4])
    mismatch = dict(h)
    mismatch["enc.0.conv1.bias"] = dict(h["enc.0.conv1.bias"], shape=[5])
    cases = {
        "truncated data": good[:-4],
        "truncated inside the header": good[:8 + n // 2],
        "header length past the end": struct.pack("<Q", len(good)) + good[8:],
        "bad JSON": with_header(hdr.rstrip()[:-1]),
        "overlapping offsets": with_header(json.dumps(overlap, separators=(",", ":"))),
        "shape and offsets disagree": with_header(json.dumps(mismatch, separators=(",", ":"))),
        "unsupported dtype": with_header(hdr.replace('"dtype":"F32","shape":[4],', '"dtype":"I32","shape":[4],', 1)),
    }
    for what, blob in cases.items():
        path = os.path.join(tmp, "corrupt.safetensors")
        open(path, "wb").write(blob)
        r = java("dump", path)
        msg = json.loads(r.stdout).get("error", "") if r.returncode == 3 else ""
        expect(r.returncode == 3 and path in msg and "\n" not in msg, f"Java refuses {what}: {msg or r.stdout + r.stderr}")
        if HAVE_ST and what != "unsupported dtype":
            try:
                safetensors.numpy.load_file(path)
                expect(False, f"  safetensors refuses {what} too")
            except Exception as e:  # the package raises SafetensorError and friends
                expect(True, f"  safetensors refuses {what} too ({type(e).__name__}: {str(e)[:70]})")

    print("all checks passed" if not failures else f"{len(failures)} check(s) failed")
    return 0 if not failures else 1


def fixture(out):
    write_mixed(out)
    print(f"wrote {out} with {'safetensors ' + safetensors.__version__ if HAVE_ST else 'the reference writer'}")
    for name, t in mixed_set().items():
        vals = t.float().reshape(-1).tolist()
        lits = ", ".join(repr(np.float32(v)).replace("np.float32(", "").rstrip(")") + "f" for v in vals)
        print(f"{name} {str(t.dtype)} shape {list(t.shape)}: {{{lits}}}")


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "check":
        d = tempfile.mkdtemp(prefix="st-interop-")
        try:
            sys.exit(check(d))
        finally:
            shutil.rmtree(d)
    elif len(sys.argv) == 3 and sys.argv[1] == "fixture":
        fixture(sys.argv[2])
    else:
        sys.exit(__doc__)
