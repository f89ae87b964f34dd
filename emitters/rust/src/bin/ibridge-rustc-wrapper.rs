//! cargo's `RUSTC_WRAPPER`: `RUSTC_WRAPPER=ibridge-rustc-wrapper IBRIDGE_STORE=target/ibridge cargo check`.

fn main() {
    std::process::exit(ibridge::wrapper::run::main(std::env::args_os().skip(1).collect()));
}
