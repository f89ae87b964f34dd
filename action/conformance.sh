#!/usr/bin/env bash
# The script of the GitHub Action (action.yml): runs 'ibridge conformance' against $IBRIDGE_TESTEE
# with the extra options $IBRIDGE_ARGS (split on white space), writes the reports to
# $IBRIDGE_REPORT_DIR, adds the summary to $GITHUB_STEP_SUMMARY and the exit code to $GITHUB_OUTPUT
# when they are set, and exits with the suite's exit code. It uses the jar $IBRIDGE_JAR, else the
# checkout's jar, which it builds when it is missing (Java 17 and Maven needed).
set -uo pipefail

here=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
: "${IBRIDGE_TESTEE:?set IBRIDGE_TESTEE to the testee command}"
report_dir=${IBRIDGE_REPORT_DIR:-conformance-reports}
jar=${IBRIDGE_JAR:-$here/reference-impl/cli/target/ibridge.jar}

if [ ! -f "$jar" ]; then
  echo "building ibridge..." >&2
  if ! mvn -B -q -f "$here/pom.xml" -DskipTests package -pl reference-impl/cli -am >&2; then
    echo "ibridge-action: building ibridge failed (output above)" >&2
    exit 2
  fi
fi

# shellcheck disable=SC2206
extra=(${IBRIDGE_ARGS:-})
summary=$(mktemp)
trap 'rm -f "$summary"' EXIT
java -jar "$jar" conformance --testee "$IBRIDGE_TESTEE" --report-dir "$report_dir" "${extra[@]}" | tee "$summary"
status=${PIPESTATUS[0]}

if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  {
    echo "### ibridge conformance: $(case $status in 0) echo conforming ;; 1) echo NOT conforming ;; *) echo harness or usage error ;; esac)"
    echo
    echo '```'
    tail -n 20 "$summary"
    echo '```'
    echo
    echo "Reports: \`$report_dir/conformance.json\`, \`$report_dir/conformance-junit.xml\`"
  } >>"$GITHUB_STEP_SUMMARY"
fi
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  echo "exit-code=$status" >>"$GITHUB_OUTPUT"
fi
exit "$status"
