#!/usr/bin/env bash
# Proves that sharedstate-core needs nothing but java.base at run time: builds a runtime image
# with jlink holding only java.base, and runs core/src/test/jlink (every value type, a violation
# thrown and one warned, a contended wait) on the module path there. Then, on the full JDK, checks
# that the JFR events appear in a recording and that -Dio.github.sharedstate.jfr=false turns them off.
# Run after `mvn -B verify` (needs core/target/sharedstate-core-*.jar).
set -euo pipefail
cd "$(dirname "$0")"

JDK="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
JAR=$(ls target/sharedstate-core-*.jar | grep -v -e sources -e javadoc | head -1)
OUT=target/jlink-check
rm -rf "$OUT" && mkdir -p "$OUT/classes"

"$JDK/bin/javac" -nowarn -d "$OUT/classes" --module-path "$JAR" \
  $(find src/test/jlink -name '*.java')
"$JDK/bin/jlink" --add-modules java.base --strip-debug --no-header-files --no-man-pages \
  --output "$OUT/image"

echo "runtime image modules: $("$OUT/image/bin/java" --list-modules | tr '\n' ' ')"
if "$OUT/image/bin/java" --list-modules | grep -q -v '^java.base@'; then
  echo "the image holds more than java.base"; exit 1
fi
"$OUT/image/bin/java" --module-path "$JAR:$OUT/classes" \
  -m io.github.sharedstate.jlinkcheck/io.github.sharedstate.jlinkcheck.Main

# Full JDK: a recording sees both violations (-XX:StartFlightRecording resolves jdk.jfr), and
# none with the property that turns the events off.
events() {
  "$JDK/bin/java" "$@" -XX:StartFlightRecording:filename="$OUT/run.jfr",settings=profile \
    --module-path "$JAR:$OUT/classes" \
    -m io.github.sharedstate.jlinkcheck/io.github.sharedstate.jlinkcheck.Main > "$OUT/run.log" 2>&1
  "$JDK/bin/jfr" summary "$OUT/run.jfr" \
    | awk '$1 == "io.github.sharedstate.LockOrderViolation" { n = $2 } END { print n + 0 }'
}
with=$(events)
without=$(events -Dio.github.sharedstate.jfr=false)
echo "LockOrderViolation events recorded: $with with JFR on, $without with -Dio.github.sharedstate.jfr=false"
if [ "$with" != 2 ] || [ "$without" != 0 ]; then
  echo "JFR events: expected 2 (thrown, warned) with JFR on, none with the property"; exit 1
fi
echo "jlink check passed"
