#!/usr/bin/env bash
# The long run of the differential test: many more sequences than CI runs (default 200 of 12
# steps, from a random seed, going on after a difference), then the kill test with 200 kills.
# Prints how many sequences, steps and kills it ran and the differences it found.
# Usage: examples/differential/soak.sh [SEQUENCES] [STEPS] [KILLS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../../emitters/rust/cargo-env.sh
. "$here/../../emitters/rust/cargo-env.sh"
status=0
python3 "$here/differential.py" sequences --count "${1:-200}" --steps "${2:-12}" --keep-going || status=1
python3 "$here/differential.py" kill --attempts "${3:-200}" || status=1
exit $status
