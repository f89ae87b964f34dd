# Sourced by the scripts that build or run Rust code: puts rustup's cargo on PATH when it is not
# there yet, and stops the calling script with a one-line error when there is no cargo at all.
# A missing toolchain must fail a run, never skip it.
if ! command -v cargo >/dev/null 2>&1 && [ -f "$HOME/.cargo/env" ]; then
  # shellcheck disable=SC1091
  . "$HOME/.cargo/env"
fi
if ! command -v cargo >/dev/null 2>&1; then
  echo "$(basename "$0"): cargo is not on PATH (nor in \$HOME/.cargo/env); install a Rust toolchain (1.80 or newer)" >&2
  exit 1
fi
