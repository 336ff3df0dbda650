#!/usr/bin/env bash
# Builds the fuzz targets and runs each for SECONDS (default 600), one after another.
# Corpora start from Seeds/ (and, when present, the JSON and CSV conformance suites in
# ../../../shared/conformance, read in place, never copied into the repository).
# Crashes are written to Crashes/<target>/; commit each as Regressions/<target>/<name> and
# the main package's FuzzRegressionTests replays it.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-600}
only=${2:-}   # optional: run just this target
# A clean build every time: after a change to the layout of a main-package struct, this
# toolchain's incremental build of the fuzz package has linked code compiled against the old
# layout (false crashes at once: a CSVScanner with garbage fields), which could as well hide
# real ones. The campaign is minutes long; the clean build is about one.
rm -rf .build
swift build -c release --sanitize=fuzzer
shared=../../../shared/conformance
run() {
  local target=$1; shift
  if [ -n "$only" ] && [ "$only" != "$target" ]; then return; fi
  mkdir -p "Corpus/$target" "Crashes/$target"
  echo "== $target for ${seconds}s"
  SWIFT_BACKTRACE=enable=no ".build/release/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -max_len=65536 -artifact_prefix="Crashes/$target/" -print_final_stats=1 "Corpus/$target" "$@" 2>&1 | tail -n 25
}
json_extra=(); [ -d "$shared/JSONTestSuite/test_parsing" ] && json_extra=("$shared/JSONTestSuite/test_parsing")
csv_extra=(); [ -d "$shared/csv-spectrum/csvs" ] && csv_extra=("$shared/csv-spectrum/csvs")
run FuzzJSONScanner Seeds/json Seeds/spec "${json_extra[@]}"
run FuzzCSVScanner Seeds/csv "${csv_extra[@]}"
run FuzzMediaPipeJSON Seeds/json
run FuzzMediaPipeCSV Seeds/csv
run FuzzSpecFile Seeds/spec
run FuzzAngleExports Seeds/angles Seeds/csv
run FuzzKeypointFormats Seeds/keypoints Seeds/csv
