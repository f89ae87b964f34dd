//! cargo's `RUSTC_WRAPPER`: `RUSTC_WRAPPER=ibridge-rustc-wrapper cargo check` (the store is `IBRIDGE_STORE`, else the per-user default).

fn main() {
    std::process::exit(ibridge::wrapper::run::main(std::env::args_os().skip(1).collect()));
}
