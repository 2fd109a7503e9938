#!/usr/bin/env bash
# Run ONNX backend tests (../shared/onnx-backend-tests) through the ONNX importer and the reference runtime.
#
# usage: scripts/backend-tests.sh [options] [REGEX]
#
#   REGEX             tests whose name contains a match (Java regex), e.g. '^test_abs$', 'test_conv|test_pool'
#   --folder F        only folder F: node, simple, pytorch-converted, pytorch-operator, light, real
#                     (repeatable, or comma-separated; default: all)
#   -v, --verbose     print the stack trace of each failure
#   -j, --threads N   parallel workers (default: available processors)
#   --timeout S       seconds one test may take (default 60; light models at least 300)
#   --failures-only   print only FAIL lines and the summary
#   --list            list the matching tests, do not run them
#   --json FILE / --html FILE   also write the JSON / HTML report
#
# Prints, in test-name order, one line per test:
#   PASS name
#   FAIL name: reason        (e.g. "reference runtime: ops not supported: Abs", or
#                             "output 0 'y': max abs err 0.3 at index [1, 2] (expected 1.5, got 1.2)")
#   STAT name: reason        (random op: values can't match numpy's draws; checked by statistics, not a pass)
#   SKIP name: reason
# and finally "N passed, N failed, N skipped". Exit status 0 when nothing failed, 1 when something did.
#
# Examples:
#   scripts/backend-tests.sh '^test_abs$'
#   scripts/backend-tests.sh -v '^test_conv' --folder node
#   scripts/backend-tests.sh --folder pytorch-converted --failures-only
#
# Build: the script builds what the tests need (offline, main code only, no tests) into a private build root
# and runs from there, so it never touches target/ folders or ~/.m2 and cannot clash with anyone's build.
#   MODELX_BT_ROOT   the build root. EXPORT YOUR OWN, unique to you, so rebuilds are incremental (seconds, not a
#                    minute) and nobody else's run shares it, e.g.  export MODELX_BT_ROOT=/tmp/modelx-bt-<yourname>
#                    Unset: a fresh temporary folder per run, deleted afterwards (a full build every time).
#                    Runs sharing a root may overlap; a rebuild waits until the runs using that root have ended.
#   MODELX_CORPUS    the folder holding onnx-backend-tests/ (default: ../shared next to the repository)
#   MODELX_BT_JAVA_OPTS  JVM options (default: -Xmx3g)
#   MODELX_BT_SKIP_BUILD=1  run what was built last time in MODELX_BT_ROOT without rebuilding
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

if [ -n "${MODELX_BT_ROOT:-}" ]; then
  root=$MODELX_BT_ROOT
  mkdir -p "$root"
else
  root=$(mktemp -d "${TMPDIR:-/tmp}/modelx-bt.XXXXXX")
  trap 'rm -rf "$root"' EXIT
fi
root=$(cd "$root" && pwd)

if [ ! -f "$repo/importers/onnx/src/main/java/dev/modelx/importer/onnx/OnnxImporter.java" ]; then
  echo "backend-tests: the ONNX importer (importers/onnx, dev.modelx.importer.onnx.OnnxImporter) is not available yet;" >&2
  echo "backend-tests: the backend tests need it to read the models. Try again once it is in the tree." >&2
  exit 3
fi

classpath_file=$root/conformance.classpath
# Builds in a root take the lock exclusively, runs share it: a rebuild waits for runs using the same root to end.
exec 9>"$root/.lock"
if [ "${MODELX_BT_SKIP_BUILD:-0}" != 1 ] || [ ! -s "$classpath_file" ]; then
  log=$root/build.log
  flock -x 9
  if ! mvn -B -q -o -f "$repo/pom.xml" -DbuildRoot="$root" -pl conformance -am -Dmaven.test.skip=true \
      package org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
      -Dmdep.outputFile="$classpath_file" -Dmdep.includeScope=runtime >"$log" 2>&1; then
    rm -f "$classpath_file"
    echo "backend-tests: build failed (log: $log). If the errors are in someone else's files they may be mid-edit:" >&2
    echo "backend-tests: wait a minute and retry." >&2
    grep -E '^\[ERROR\] /|ERROR.*(COMPILATION|Failed to execute)' "$log" | head -20 >&2 || tail -20 "$log" >&2
    exit 3
  fi
fi
flock -s 9

classes=$root/modelx-conformance/classes
corpus=${MODELX_CORPUS:-$(cd "$repo/.." && pwd)/shared}
status=0
# shellcheck disable=SC2086
java ${MODELX_BT_JAVA_OPTS:--Xmx3g} -Dmodelx.corpus="$corpus" \
  -cp "$classes:$(cat "$classpath_file")" dev.modelx.conformance.BackendTestMain "$@" || status=$?
exit $status
