#!/usr/bin/env bash
# Generates the same N-unit workspace twice, for benchmarks/noop-activity.sh:
#   DIR/workspace.json   an ibridge workspace model (units, dependencies, sources, config per facet)
#   DIR/cargo/           a cargo workspace of N library crates with the same dependencies and sources
#
#   benchmarks/gen-noop-workspace.sh DIR N [SEED]
#
# Unit i (u000, u001, ...) depends on up to three distinct earlier units, drawn from a linear
# congruential generator seeded with SEED (default 42), so one (N, SEED) always gives the same
# workspace. Each crate's src/lib.rs holds a struct, a function that calls its dependencies'
# functions, and a method using both; no external crates, so cargo builds it offline.
set -euo pipefail

if (($# < 2)); then
  echo "usage: $0 DIR N [SEED]" >&2
  exit 2
fi
dir=$1
n=$2
state=${3:-42}
if ! [[ $n =~ ^[0-9]+$ ]] || ((n < 1 || n > 999)); then
  echo "gen-noop-workspace.sh: N must be 1 to 999, got $n" >&2
  exit 2
fi

next() { # the next pseudo-random number, 0 to 2^31-1, in $rand
  state=$(((state * 1103515245 + 12345) % 2147483648))
  rand=$((state >> 8))
}

mkdir -p "$dir/cargo"
members=()
units_json=()
for ((i = 0; i < n; i++)); do
  name=$(printf 'u%03d' "$i")
  members+=("\"$name\"")
  deps=()
  if ((i > 0)); then
    next
    max=$((i < 3 ? i : 3))
    count=$((rand % (max + 1)))
    while ((${#deps[@]} < count)); do
      next
      dep=$(printf 'u%03d' $((rand % i)))
      if [[ " ${deps[*]-} " != *" $dep "* ]]; then
        deps+=("$dep")
      fi
    done
  fi

  calls=""
  for dep in ${deps[@]+"${deps[@]}"}; do
    calls+=" ^ $dep::value_$dep(x)"
  done
  interface="pub struct Item$i { pub id: u64 } pub fn value_$name(x: u64) -> u64; impl Item$i { pub fn key(&self) -> u64; }"
  body="{ x.wrapping_mul($((i + 1)))$calls }"

  crate="$dir/cargo/$name"
  mkdir -p "$crate/src"
  {
    printf '[package]\nname = "%s"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n' "$name"
    for dep in ${deps[@]+"${deps[@]}"}; do
      printf '%s = { path = "../%s" }\n' "$dep" "$dep"
    done
  } >"$crate/Cargo.toml"
  cat >"$crate/src/lib.rs" <<RUST
//! Unit $name of a generated workspace (benchmarks/gen-noop-workspace.sh).

pub struct Item$i {
    pub id: u64,
}

pub fn value_$name(x: u64) -> u64 $body

impl Item$i {
    pub fn key(&self) -> u64 {
        value_$name(self.id)
    }
}
RUST

  dep_list=""
  for dep in ${deps[@]+"${deps[@]}"}; do
    dep_list+="${dep_list:+, }\"$dep\""
  done
  units_json+=("    {\"name\": \"$name\", \"deps\": [$dep_list], \"sources\": [{\"path\": \"$name/src/lib.rs\", \"interface\": \"$interface\", \"body\": \"$body\"}]}")
done

{
  printf '[workspace]\nresolver = "2"\nmembers = [%s]\n' "$(IFS=,; echo "${members[*]}")"
} >"$dir/cargo/Cargo.toml"

{
  cat <<'JSON'
{
  "toolchain": {"name": "rustc", "version": "1.95.0 (x86_64-unknown-linux-gnu)"},
  "config": {"edition": "2021", "features": "default", "profile.opt-level": "0", "profile.debuginfo": "2",
             "clippy.conf": "", "rustdoc.flags": ""},
  "facetConfig": {
    "metadata": ["edition", "features"],
    "analysis": ["edition", "features"],
    "codegen": ["profile.debuginfo", "profile.opt-level"],
    "org.rust-lang.clippy.lints": ["clippy.conf"],
    "doc": ["rustdoc.flags"]
  },
  "units": [
JSON
  last=$((${#units_json[@]} - 1))
  for ((i = 0; i <= last; i++)); do
    if ((i < last)); then
      printf '%s,\n' "${units_json[$i]}"
    else
      printf '%s\n' "${units_json[$i]}"
    fi
  done
  printf '  ]\n}\n'
} >"$dir/workspace.json"
