# Sourced by ./mvnw, ./ballista and .ci/run: makes JAVA_HOME a JDK 21 or newer.
# Keeps the caller's JAVA_HOME (or the java on PATH) when it is new enough; otherwise looks in the usual places.
# With BALLISTA_RUNTIME_ONLY=1 (the launcher when nothing needs building, e.g. in the container image) a JRE will do.
ballista_java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -1
}
ballista_find_java() {
  local candidate major
  set +f  # callers may run with globbing off (mvnw does)
  for candidate in "${JAVA_HOME:-}" "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")" \
                   /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] || continue
    [ "${BALLISTA_RUNTIME_ONLY:-0}" = 1 ] || [ -x "$candidate/bin/javac" ] || continue
    major=$(ballista_java_major "$candidate/bin/java")
    case "$major" in ''|1.*) continue ;; esac
    if [ "$major" -ge 21 ] 2>/dev/null; then echo "$candidate"; return 0; fi
  done
  return 1
}
if ! BALLISTA_JAVA_HOME=$(ballista_find_java); then
  echo "error: Ballista needs a JDK 21 or newer and found none (looked at JAVA_HOME, PATH and /usr/lib/jvm)." >&2
  echo "       Install one (e.g. 'apt-get install openjdk-21-jdk-headless' or Temurin 21+) or set JAVA_HOME." >&2
  exit 1
fi
export JAVA_HOME="$BALLISTA_JAVA_HOME"
# JDK 24+ warns when Maven's Guice (and Arrow, Netty) use sun.misc.Unsafe; allow it quietly.
if [ "$(ballista_java_major "$JAVA_HOME/bin/java")" -ge 24 ] 2>/dev/null; then
  case "${MAVEN_OPTS:-}" in *sun-misc-unsafe*) ;; *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;; esac
fi
