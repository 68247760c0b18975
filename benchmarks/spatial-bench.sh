#!/usr/bin/env bash
# Spatial kernels (conv2d, conv-transpose2d, pooling, upsampling, batch-norm) beside PyTorch's, in
# one sitting: PyTorch's ops_bench.py first, then the JMH benchmarks, then the table with GFLOP/s.
#
#   benchmarks/spatial-bench.sh            default forks (3) and iterations: the figures to report
#   benchmarks/spatial-bench.sh quick      one fork, short iterations: while tuning
#
# Needs a JDK 25 (JAVA_HOME) and, for the reference, /usr/bin/python3 with torch (see
# ../shared/tools/pytorch_ref/README.md). The machine should be otherwise idle.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
[ -f benchmarks/target/benchmarks.jar ] || ./mvnw -B -q -pl benchmarks -am package -DskipTests
REF="${PYTORCH_REF:-../shared/tools/pytorch_ref}"
if [ -f "$REF/ops_bench.py" ]; then
  echo "== PyTorch (ops_bench.py)"
  (cd "$REF" && /usr/bin/python3 ops_bench.py) || echo "(PyTorch reference failed)"
fi
OUT="${TMPDIR:-/tmp}/spatial-$$.json"
ARGS=()
[ "${1:-}" = quick ] && ARGS=(-f 1 -wi 3 -i 5 -w 500ms -r 500ms)
echo "== mgda-unet (JMH)"
"$JAVA" -jar benchmarks/target/benchmarks.jar "ConvBenchmark|ConvTransposeBenchmark|PoolingBenchmark|BatchNormBenchmark" \
  "${ARGS[@]}" -rf json -rff "$OUT"
"$JAVA" -cp benchmarks/target/benchmarks.jar mgdaunet.benchmarks.SpatialReport "$OUT"
