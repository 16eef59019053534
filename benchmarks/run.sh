#!/usr/bin/env bash
# Runs the benchmarks (docs/benchmarks.md). Builds the modules first, then:
#   benchmarks/run.sh whole [--repeats 3 --counts 1,10,100,1000 --parallel 100 --only B1,B2,...]   B1-B6, one JVM
#   benchmarks/run.sh jmh [JMH options]                                                             B1 under JMH
# JAVA_OPTS go to the benchmark JVM (the whole-run figures for B5 are meant for -Xmx512m).
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
what="${1:-whole}"; shift || true
(cd "$home" && mvn -B -q ${MVN_OFFLINE:-} -pl benchmarks -am package -DskipTests) >&2
[ -x "$home/dmct" ] && (cd "$home" && mvn -B -q ${MVN_OFFLINE:-} -pl harness-cli -am package -DskipTests) >&2
cp="$home/benchmarks/target/test-classes:$(cat "$home/benchmarks/target/bench.classpath")"
# The interop peers find the profiles relative to the module directory, as in their tests.
cd "$home/benchmarks"
case "$what" in
  whole) exec java ${JAVA_OPTS:--Xmx512m} -cp "$cp" org.dmct.bench.WholeRunBenchmark "$@" ;;
  jmh)   exec java ${JAVA_OPTS:-} -cp "$cp" org.openjdk.jmh.Main "$@" ;;
  *) echo "usage: benchmarks/run.sh whole|jmh [options]" >&2; exit 2 ;;
esac
