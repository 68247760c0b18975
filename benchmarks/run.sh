#!/usr/bin/env bash
# Builds benchmarks/target/benchmarks.jar (first use, or when a source or pom changed) and runs JMH on a
# JDK 25. Every argument goes to JMH: a regular expression selecting benchmarks, then JMH options.
#
#   benchmarks/run.sh Gemm                         # all of GemmBenchmark, 3 forks (the defaults)
#   benchmarks/run.sh 'Gemm.square' -p size=1024   # one method, one size
#   benchmarks/run.sh --quick Gemm.conv            # 1 fork, 3 warm-up and 5 measured iterations, for tuning
#   benchmarks/run.sh -l                           # list the benchmarks
#
# JMH forks get --add-modules jdk.incubator.vector from each benchmark's @Fork; results also go to
# benchmarks/results/<selection>-<time>.json unless -rf/-rff are given. JMH_JAVA_OPTS passes options to
# the JMH host JVM (e.g. -Djmh.ignoreLock=true).
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
. "$root/.mvn/jdk.sh"
pick_jdk
jar="$root/benchmarks/target/benchmarks.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$root" -path "$root/*/target" -prune -o \( -name '*.java' -o -name 'pom.xml' \) -newer "$jar" -print -quit)" ]; then
  echo "benchmarks: building the jar (first run or sources changed)..." >&2
  (cd "$root" && ./mvnw -B -q -DskipTests package -pl benchmarks -am >&2) || { echo "benchmarks: build failed" >&2; exit 1; }
fi
has() { case " $ALL " in *" $1 "*) return 0;; *) return 1;; esac; }
args=()
if [ "${1:-}" = "--quick" ]; then
  shift
  ALL="$*"
  has -f || args+=(-f 1)
  has -wi || args+=(-wi 3)
  has -i || args+=(-i 5)
fi
case " $* " in
  *" -rf "*|*" -rff "*|*" -l "*|*" -h "*|*" -lp "*) ;;
  *)
    mkdir -p "$root/benchmarks/results"
    name="$(printf '%s' "${1:-all}" | tr -c 'A-Za-z0-9._-' '_')"
    args+=(-rf json -rff "$root/benchmarks/results/$name-$(date +%Y%m%d-%H%M%S).json")
    ;;
esac
# JMH_JAVA_OPTS: options for the JMH host JVM, e.g. -Djmh.ignoreLock=true when another JMH run holds /tmp/jmh.lock.
exec "$JAVA_HOME/bin/java" ${JMH_JAVA_OPTS:-} -jar "$jar" "$@" "${args[@]}"
