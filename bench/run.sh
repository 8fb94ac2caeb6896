#!/usr/bin/env bash
# Builds bench/target/benchmarks.jar (if missing or older than the sources) and runs it with the JVM flags
# ./ballista uses. Arguments go to JMH, e.g.:
#   bench/run.sh -f 1 -wi 2 -i 3                  # the whole suite
#   bench/run.sh 'FilterBenchmark|SortBenchmark'  # a regex of benchmarks
#   BENCH_JAVA_OPTS='-Darrow.enable_unsafe_memory_access=false' bench/run.sh   # with Arrow's checks on
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/bin/java-env.sh"
JAR="$ROOT/bench/target/benchmarks.jar"

if [ ! -f "$JAR" ] || [ -n "$(find "$ROOT" \( -path '*/src/main/*' -o -name pom.xml \) -newer "$JAR" -not -path '*/target/*' -print -quit)" ]; then
  echo "Building the benchmarks jar..." >&2
  (cd "$ROOT" && ./mvnw -q -B -pl bench -am package -DskipTests)
fi

JVM_FLAGS=(--add-opens=java.base/java.nio=ALL-UNNAMED -Dio.netty.tryReflectionSetAccessible=true)
# Arrow's per-access bounds and null checks off in hot loops (a TPC-H Q1 profile spent 14% in them); operators check
# validity themselves. BENCH_JAVA_OPTS='-Darrow.enable_unsafe_memory_access=false' turns the checks back on.
JVM_FLAGS+=(-Darrow.enable_unsafe_memory_access=true -Darrow.enable_null_check_for_get=false)
if [ "$(ballista_java_major "$JAVA_HOME/bin/java")" -ge 24 ]; then
  JVM_FLAGS+=(--sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED)
fi
# JMH passes these flags on to its forked JVMs. -Xmx bounds the heap (and Arrow's direct memory with it).
# shellcheck disable=SC2086
exec "$JAVA_HOME/bin/java" "${JVM_FLAGS[@]}" -Xmx3g ${BENCH_JAVA_OPTS:-} -jar "$JAR" "$@"
