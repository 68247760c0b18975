#!/usr/bin/env bash
# Runs the PyTorch 1.13 reference (unet_bench.py, mgda_bench.py) and our JMH step benchmarks
# (UNetStepBenchmark, MultiTaskStepBenchmark) in one sitting, then prints one table: ms per batch,
# images/s, and ours/PyTorch as a throughput ratio (>= 1.0: we are faster), plus the MGDA-UB /
# equal-weight step cost of both. About 7 minutes; --quick (batch 25 only, shorter runs) about 3.
#
#   benchmarks/compare-pytorch.sh               # batch 25 and 64, nearest and transposed, forward and train step
#   benchmarks/compare-pytorch.sh --quick       # batch 25 only, fewer repetitions
#   PYTORCH_REF=/path/to/pytorch_ref benchmarks/compare-pytorch.sh
#
# Both sides take medians: PyTorch of its timed repetitions, ours of the JMH iterations (each an
# average over ~4 s of steps). The machine should be quiet; the load average is printed before and after.
# Our MGDA-UB / equal ratio is also measured with the two steps interleaved (InterleavedSteps), which a
# busy machine cannot bias.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
quick=0
[ "${1:-}" = "--quick" ] && quick=1
ref="${PYTORCH_REF:-}"
if [ -z "$ref" ]; then
  for d in "$root/../shared/tools/pytorch_ref" "$root/../../shared/tools/pytorch_ref"; do
    [ -f "$d/unet_bench.py" ] && ref="$(cd "$d" && pwd)" && break
  done
fi
[ -n "$ref" ] && [ -f "$ref/unet_bench.py" ] || { echo "compare-pytorch: set PYTORCH_REF to the folder with unet_bench.py" >&2; exit 1; }
py=/usr/bin/python3
[ -x "$py" ] || py=python3

out="$root/benchmarks/results/compare-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
if [ $quick = 1 ]; then
  batches=(25); rounds=1; reps=3; jmh=(-f 1 -wi 1 -i 3 -w 3 -r 3); interleaved=(4 10)
else
  batches=(25 64); rounds=2; reps=4; jmh=(-f 1 -wi 2 -i 4 -w 4 -r 4); interleaved=(8 30)
fi
bs_csv=$(IFS=,; echo "${batches[*]}")
# Build the jar (if sources changed) before anything is timed.
"$root/benchmarks/run.sh" -l >/dev/null
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== PyTorch: unet_bench.py (batch ${batches[*]}) ==" >&2
(cd "$ref" && "$py" unet_bench.py --bs "${batches[@]}" --rounds $rounds --reps $reps) | tee "$out/pytorch-unet.txt" >&2
echo "== PyTorch: mgda_bench.py (batch 25, sum and mgda_ub) ==" >&2
(cd "$ref" && "$py" mgda_bench.py --bs 25 --modes sum mgda_ub --rounds $rounds --reps $reps) | tee "$out/pytorch-mgda.txt" >&2

echo "== ours: UNetStepBenchmark ==" >&2
"$root/benchmarks/run.sh" 'UNetStepBenchmark' -p batch="$bs_csv" "${jmh[@]}" -rf json -rff "$out/ours-unet.json" >&2
echo "== ours: MultiTaskStepBenchmark (equal, mgda-ub) ==" >&2
"$root/benchmarks/run.sh" 'MultiTaskStepBenchmark' -p strategy=equal,mgda-ub -p batch=25 "${jmh[@]}" -rf json -rff "$out/ours-mgda.json" >&2
echo "== ours: MGDA-UB / equal, interleaved steps ==" >&2
. "$root/.mvn/jdk.sh"
pick_jdk
"$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector -Xmx4g -XX:+UseG1GC -cp "$root/benchmarks/target/benchmarks.jar" \
  mgdaunet.benchmarks.InterleavedSteps equal mgda-ub 25 "${interleaved[@]}" 2>/dev/null | tee "$out/ours-interleaved.txt" >&2

"$py" - "$out" <<'PY'
import json, statistics, sys
out = sys.argv[1]
pt = {}
for line in open(f"{out}/pytorch-unet.txt"):
    f = line.split()
    if len(f) >= 6 and f[0] in ("nearest", "convT") and f[2] in ("fwd", "train"):
        pt[("NEAREST" if f[0] == "nearest" else "TRANSPOSED", int(f[1]), "forward" if f[2] == "fwd" else "trainStep")] = (float(f[3]), float(f[4]))
ptm = {}
for line in open(f"{out}/pytorch-mgda.txt"):
    f = line.split()
    if len(f) >= 7 and f[1] in ("sum", "mgda_ub") and f[0].isdigit():
        ptm[f[1]] = (float(f[2]), float(f[3]))
ours, oursm = {}, {}
def median_ms(b):
    iters = [x for fork in b["primaryMetric"]["rawData"] for x in fork]
    return (statistics.median(iters), min(iters))
for b in json.load(open(f"{out}/ours-unet.json")):
    p = b["params"]
    ours[(p["upsampling"], int(p["batch"]), b["benchmark"].rsplit(".", 1)[1])] = median_ms(b)
for b in json.load(open(f"{out}/ours-mgda.json")):
    oursm[b["params"]["strategy"]] = median_ms(b)
rows = []
print()
print("medians (PyTorch: of its repetitions; ours: of the JMH iterations); best = the fastest of each, steadier on a shared machine")
print(f"{'upsampling':<11}{'batch':>6}  {'pass':<10}{'PyTorch ms':>11}{'ours ms':>9}{'PyTorch img/s':>15}{'ours img/s':>12}"
      f"{'ours/PyTorch':>14}{'best PT ms':>12}{'best ours':>11}{'best ratio':>12}")
for key in sorted(set(pt) | set(ours), key=lambda k: (k[0], k[1], k[2])):
    up, bs, kind = key
    a, b = pt.get(key, (None, None)), ours.get(key, (None, None))
    fmt = lambda v: f"{v:.1f}" if v else "-"
    ips = lambda v: f"{bs / v * 1000:.1f}" if v else "-"
    ratio = lambda x, y: f"{x / y:.2f}" if x and y else "-"
    print(f"{up:<11}{bs:>6}  {kind:<10}{fmt(a[0]):>11}{fmt(b[0]):>9}{ips(a[0]):>15}{ips(b[0]):>12}{ratio(a[0], b[0]):>14}"
          f"{fmt(a[1]):>12}{fmt(b[1]):>11}{ratio(a[1], b[1]):>12}")
print()
if "sum" in ptm and "mgda_ub" in ptm:
    print(f"MGDA-UB / equal-weight step, batch 25: PyTorch {ptm['mgda_ub'][0]:.1f} / {ptm['sum'][0]:.1f} ms = {ptm['mgda_ub'][0] / ptm['sum'][0]:.2f}"
          f" (best {ptm['mgda_ub'][1] / ptm['sum'][1]:.2f})")
if "equal" in oursm and "mgda-ub" in oursm:
    print(f"MGDA-UB / equal-weight step, batch 25: ours    {oursm['mgda-ub'][0]:.1f} / {oursm['equal'][0]:.1f} ms = "
          f"{oursm['mgda-ub'][0] / oursm['equal'][0]:.2f} (best {oursm['mgda-ub'][1] / oursm['equal'][1]:.2f}; issue 5 asks <= 1.10)")
    import os
    if os.path.exists(f"{out}/ours-interleaved.txt"):
        print("interleaved (one step of each in turn, the same load on both):", open(f"{out}/ours-interleaved.txt").read().strip())
    if "sum" in ptm:
        print(f"equal-weight multi-task step, ours/PyTorch throughput: {ptm['sum'][0] / oursm['equal'][0]:.2f}; "
              f"MGDA-UB: {ptm['mgda_ub'][0] / oursm['mgda-ub'][0]:.2f}")
print(f"\nraw outputs: {out}")
PY
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
