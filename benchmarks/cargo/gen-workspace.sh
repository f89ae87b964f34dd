#!/usr/bin/env bash
# Generates a cargo workspace of N library crates c000..c<N-1> in DIR. Crate i depends on up to
# three earlier crates (i-1 and two pseudo-random ones), so c000 is the root every crate reaches.
# Usage: gen-workspace.sh N DIR
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: $0 N DIR" >&2
  exit 2
fi
n=$1
dir=$2
mkdir -p "$dir"
members=""
for ((i = 0; i < n; i++)); do
  name=$(printf 'c%03d' "$i")
  members+="\"$name\", "
  mkdir -p "$dir/$name/src"
  deps=()
  if ((i >= 1)); then deps+=($((i - 1))); fi
  if ((i >= 3)); then
    for j in $(((i * 13 + 7) % i)) $(((i * 29 + 3) % i)); do
      [[ " ${deps[*]} " == *" $j "* ]] || deps+=("$j")
    done
  fi
  {
    printf '[package]\nname = "%s"\nversion = "0.1.0"\nedition = "2021"\npublish = false\n\n[dependencies]\n' "$name"
    for j in "${deps[@]}"; do printf 'c%03d = { path = "../c%03d" }\n' "$j" "$j"; done
  } > "$dir/$name/Cargo.toml"
  sum="$i"
  for j in "${deps[@]}"; do sum+=" + $(printf 'c%03d' "$j")::value()"; done
  cat > "$dir/$name/src/lib.rs" <<RS
//! Generated crate $name.

use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq)]
pub struct Item$i {
    pub id: u64,
    pub label: String,
    pub tags: Vec<String>,
}

pub trait Describe {
    fn describe(&self) -> String;
}

impl Describe for Item$i {
    fn describe(&self) -> String {
        format!("{}:{}:{}", self.id, self.label, self.tags.join(","))
    }
}

pub fn value() -> u64 {
    $sum
}

pub fn extra(x: u32) -> u32 {
    x.wrapping_mul(3).wrapping_add(private_helper())
}

pub fn index<T: Describe>(items: &[T]) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for (i, item) in items.iter().enumerate() {
        out.insert(item.describe(), i);
    }
    out
}

fn private_helper() -> u32 {
    let base: u32 = 17;
    base.rotate_left(3)
}
RS
done
printf '[workspace]\nmembers = [%s]\nresolver = "2"\n' "${members%, }" > "$dir/Cargo.toml"
