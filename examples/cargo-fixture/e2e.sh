#!/usr/bin/env bash
# End-to-end test of the rustc wrapper on this fixture (run by .ci/run). Every step runs plain
# cargo and cargo through the bridge on the same sources, with separate target directories, and
# requires the same diagnostics and the same program output. It also requires a store that
# `ibridge verify` accepts, a trailing-comment edit at the root to recompute one unit while the
# rest hit, and no stale hit across an edit sequence (comment, private item, public signature,
# feature flag, toolchain flag).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
wrapper=${IBRIDGE_RUSTC_WRAPPER:-$repo/emitters/rust/target/release/ibridge-rustc-wrapper}
if [ ! -x "$wrapper" ]; then
  echo "e2e: no wrapper at $wrapper; build it with: (cd emitters/rust && cargo build --release)" >&2
  exit 2
fi
# shellcheck source=../../emitters/rust/cargo-env.sh
. "$repo/emitters/rust/cargo-env.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$here" "$work/ws"
rm -rf "$work/ws/target" "$work/ws/e2e.sh"
ws=$work/ws
store=$work/bridged/ibridge
stats=$work/bridged/ibridge-wrapper/wrapper-stats
failures=0

fail() {
  echo "e2e: FAIL: $*" >&2
  failures=$((failures + 1))
}

# The diagnostics of a run: every compiler message's target and rendered text, sorted.
diagnostics() {
  python3 -c '
import json, sys
out = set()
for line in sys.stdin:
    try:
        m = json.loads(line)
    except ValueError:
        continue
    if m.get("reason") == "compiler-message":
        out.add(m["target"]["name"] + "\n" + (m["message"].get("rendered") or ""))
print("\n----\n".join(sorted(out)))
'
}

# bridged_cargo ARGS...: cargo through the bridge. IBRIDGE_CARGO, when set, is the command that
# runs cargo through the bridge (such as cargo-ibridge); else the wrapper is set directly.
bridged_cargo() {
  if [ -n "${IBRIDGE_CARGO:-}" ]; then
    IBRIDGE_STORE="$store" $IBRIDGE_CARGO "$@"
  else
    RUSTC_WRAPPER="$wrapper" IBRIDGE_STORE="$store" cargo "$@"
  fi
}

lines_before=0
# run MODE CMD ARGS...: runs cargo CMD in the workspace; MODE is plain or bridged. Writes the
# diagnostics to $work/MODE.diag.
run() {
  local mode=$1
  shift
  local dir=${checkout:-$ws} target=${target_dir:-$work/$mode} via=cargo
  if [ "$mode" = bridged ]; then
    via=bridged_cargo
    lines_before=$( [ -f "$stats" ] && wc -l < "$stats" || echo 0)
  fi
  (cd "$dir" && CARGO_TARGET_DIR="$target" $via "$@" --message-format=json) > "$work/$mode.json" 2> "$work/$mode.err" || {
    cat "$work/$mode.err" >&2
    fail "cargo $* ($mode) failed"
  }
  diagnostics < "$work/$mode.json" > "$work/$mode.diag"
}

# The wrapper's counters for the last bridged run: "OUTCOME FACET CRATE" lines.
last_stats() {
  tail -n +$((lines_before + 1)) "$stats" | awk '{print $1, $2, $3}'
}

same() {
  local what=$1
  shift
  run plain "$@"
  run bridged "$@"
  if ! cmp -s "$work/plain.diag" "$work/bridged.diag"; then
    fail "$what: cargo $*: diagnostics differ"
    diff "$work/plain.diag" "$work/bridged.diag" | head -20 >&2
  fi
}

same_program() {
  local what=$1
  local args=("square 2" "rect 2 3" "square 1.5")
  local p b
  p=$("$work/plain/debug/shape-report" "${args[@]}")
  b=$("$work/bridged/debug/shape-report" "${args[@]}")
  if [ "$p" != "$b" ]; then
    fail "$what: the program's output differs: plain '$p', bridged '$b'"
  fi
}

# step WHAT [cargo args]: check, clippy and build through both, same diagnostics and output.
step() {
  local what=$1
  shift
  same "$what" check "$@"
  same "$what" clippy "$@"
  same "$what" build "$@"
  same_program "$what"
  echo "e2e: $what: check, clippy and build agree with plain cargo"
}

step "fresh workspace"

# A trailing comment at the root: one unit recomputed, its dependents hit (early cutoff). This
# runs while rustc's incremental cache of the root is warm, as in everyday use: rustc 1.95 then
# writes a byte-identical .rmeta. A cold compile of the edited file writes a different .rmeta
# (its source map holds the file's hash and line table), and the dependents are recomputed.
echo "// a trailing comment" >> "$ws/crates/shapes/src/lib.rs"
same "trailing comment" check
computed=$(last_stats | grep -c '^computed' || true)
hits=$(last_stats | grep -c '^hit' || true)
if [ "$computed" -ne 1 ] || ! last_stats | grep -q '^computed metadata shapes$' || [ "$hits" -lt 3 ]; then
  fail "trailing comment: expected shapes recomputed and its 3 dependents hit, got: $(last_stats | tr '\n' ';')"
else
  echo "e2e: trailing comment at the root: 1 unit recomputed, $hits hit"
fi
step "trailing comment"

# Replay: a clean target directory with a warm store restores every unit from the store, and
# the diagnostics are still exactly rustc's and clippy's.
rm -rf "$work/bridged/debug"
for cmd in check clippy build; do
  same "replay" "$cmd"
  if last_stats | grep -q '^computed'; then
    fail "replay: cargo $cmd through the bridge recomputed units with a warm store: $(last_stats | grep '^computed' | tr '\n' ';')"
  fi
done
same_program "replay"
echo "e2e: replay from the store: no unit recomputed, diagnostics and output unchanged"

if ! "$repo/ibridge" verify "$store" > "$work/verify.out" 2>&1; then
  cat "$work/verify.out" >&2
  fail "ibridge verify rejects the store"
else
  echo "e2e: ibridge verify accepts the store"
fi

# A second checkout at another path sharing the store: its first check hits every unit, and no
# path of the first checkout appears in its output or in the files the bridge restored.
other=$work/other-checkout
cp -r "$ws" "$other"
checkout=$other target_dir=$work/bridged-other run bridged check
computed=$(last_stats | grep -c '^computed' || true)
if [ "$computed" -ne 0 ]; then
  fail "second checkout: cargo check recomputed units: $(last_stats | grep '^computed' | tr '\n' ';')"
fi
checkout=$other target_dir=$work/plain-other run plain check
if ! cmp -s "$work/plain.diag" "$work/bridged.diag"; then
  fail "second checkout: diagnostics differ from plain cargo's"
fi
checkout=$other target_dir=$work/bridged-other run bridged build
echo "e2e: second checkout: build through the bridge: $(last_stats | awk '{print $1}' | sort | uniq -c | tr -s ' ' | tr '\n' ';')"
o=$("$work/bridged-other/debug/shape-report" "square 2" "rect 2 3" "square 1.5")
p=$("$work/plain/debug/shape-report" "square 2" "rect 2 3" "square 1.5")
[ "$o" = "$p" ] || fail "second checkout: the program's output differs: '$o' vs '$p'"
if grep -F -q "$ws/" "$work/bridged.json" "$work/bridged.err" || grep -F -q "\"$ws\"" "$work/bridged.json"; then
  fail "second checkout: the output names the first checkout"
fi
leaked=$(grep -rlF "$ws" "$work/bridged-other" || true)
if [ -n "$leaked" ]; then
  fail "second checkout: restored files name the first checkout: $leaked"
else
  echo "e2e: second checkout: check recomputed nothing, and nothing in its output or target dir names the first checkout"
fi

# An output edited in place in a target dir must not poison the store: the damaged blob is
# found at the next request (its identity changed) and the unit is computed again.
rmeta=$(ls "$work/bridged-other"/debug/deps/libshapes-*.rmeta | head -1)
printf 'garbage' >> "$rmeta"
checkout=$other target_dir=$work/bridged-third run bridged check
checkout=$other target_dir=$work/plain-other run plain check
if ! cmp -s "$work/plain.diag" "$work/bridged.diag"; then
  fail "edited output: diagnostics differ from plain cargo's"
fi
if ! last_stats | grep -q '^computed'; then
  fail "edited output: nothing was recomputed after a blob was edited in place: $(last_stats | tr '\n' ';')"
else
  echo "e2e: an output edited in place: the unit was recomputed, not restored from the damaged blob"
fi
# The recomputed .rmeta (a cold compile) differs from the damaged record's, so that record is a
# conflict and stays: verify must name its damaged blob, and nothing else may be wrong.
"$repo/ibridge" verify "$store" > "$work/verify.out" 2>&1 || true
if ! grep -q '^BAD_BLOB' "$work/verify.out" || grep -vE '^(PROBLEM|BAD_BLOB|MISSING_BLOB|DANGLING_HEAD) |problems$' "$work/verify.out" | grep -q .; then
  cat "$work/verify.out" >&2
  fail "edited output: ibridge verify does not report exactly the damaged blob"
fi
unset checkout target_dir

# A private item at the root, with a new warning: a stale hit would lose the warning.
sed -i 's|^pub fn describe|fn helper() -> u32 {\n    let unused = 2;\n    1\n}\n\npub fn describe|' "$ws/crates/shapes/src/lib.rs"
step "private item"

# A public signature at the root that changes the program's output.
sed -i 's|^pub fn describe(shape: &Shape) -> String {|pub fn describe<S: std::fmt::Debug>(shape: \&S) -> String {|; s|format!("{shape:?}")|format!("shape {shape:?}")|' "$ws/crates/shapes/src/lib.rs"
step "public signature"

step "feature flag" --features shapes/triangle

export RUSTFLAGS="-C opt-level=1"
step "toolchain flag"
if last_stats | grep -q '^hit codegen'; then
  fail "toolchain flag: codegen hit after RUSTFLAGS changed: $(last_stats | grep '^hit codegen' | tr '\n' ';')"
fi
unset RUSTFLAGS

# The front: 'cargo ibridge' finds the wrapper next to itself, runs cargo with the store and
# counts in its own run log; with a clean target directory every modelled unit hits.
rm -rf "$work/bridged/debug"
summary=$(cd "$ws" && CARGO_TARGET_DIR="$work/bridged" IBRIDGE_STORE="$store" "$(dirname "$wrapper")/cargo-ibridge" ibridge check -q 2>&1 >/dev/null | grep '^cargo ibridge:') || {
  fail "cargo ibridge check failed or printed no summary"
}
if [[ "$summary" =~ ^cargo\ ibridge:\ ([0-9]+)\ units\ hit,\ 0\ computed,\ ([0-9]+)\ passed\ through ]] && [ "${BASH_REMATCH[1]}" -ge 12 ]; then
  echo "e2e: $summary"
else
  fail "cargo ibridge check: expected every modelled unit to hit, got: $summary"
fi

# Plain cargo on the bridge's target dir, as rust-analyzer or a plain `cargo build` runs it after
# an edit: it must build (rustc refuses to replace an output it cannot write, so a read-only
# restored file breaks it), and whatever it rewrites must not change a blob of the store.
# (The blob damaged on purpose above is already bad; only blobs that turn bad here count.)
bad_blobs() {
  find "$store/blobs" -type f | sort | while read -r blob; do
    [ "$(sha256sum < "$blob" | cut -c1-64)" = "$(basename "$blob")" ] || echo "$blob"
  done
}
(cd "$ws" && CARGO_TARGET_DIR="$work/bridged" IBRIDGE_STORE="$store" "$(dirname "$wrapper")/cargo-ibridge" ibridge build -q >/dev/null 2>&1) ||
  fail "cargo ibridge build failed before the plain-cargo step"
bad_before=$(bad_blobs)
printf '\npub fn plain_cargo_edit() -> u32 {\n    7\n}\n' >> "$ws/crates/shapes/src/lib.rs"
for cmd in check build; do
  if ! (cd "$ws" && CARGO_TARGET_DIR="$work/bridged" cargo "$cmd" -q >/dev/null 2>"$work/plain-after.err"); then
    cat "$work/plain-after.err" >&2
    fail "plain cargo $cmd on the bridge's target dir failed"
  fi
done
changed=$(comm -13 <(echo "$bad_before") <(bad_blobs) | grep . || true)
if [ -n "$changed" ]; then
  fail "plain cargo wrote into store blobs through the target dir's links: $changed"
else
  echo "e2e: plain cargo check and build on the bridge's target dir succeed, and every blob still hashes to its name"
fi

echo "e2e: counters over the whole run: $(awk '{print $1}' "$stats" | sort | uniq -c | tr -s ' ' | tr '\n' ';')"
if [ "$failures" -ne 0 ]; then
  echo "e2e: $failures failure(s)" >&2
  exit 1
fi
echo "e2e: passed"
