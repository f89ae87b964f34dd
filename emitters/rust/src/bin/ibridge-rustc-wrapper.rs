//! cargo's `RUSTC_WRAPPER`: `RUSTC_WRAPPER=ibridge-rustc-wrapper cargo check` (the store is `IBRIDGE_STORE`, else the per-user default).
//! `ibridge-rustc-wrapper --remote-flush` ends a run: it uploads the emits queued for the remote
//! store (`IBRIDGE_REMOTE`, `IBRIDGE_REMOTE_MODE=write`) in one parallel batch. A fault is one
//! warning line and leaves its entries queued; the exit status is 0 unless there is no store.

fn main() {
    let argv: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    if argv.len() == 1 && argv[0] == "--remote-flush" {
        std::process::exit(cargo_ibridge::wrapper::run::remote_flush());
    }
    std::process::exit(cargo_ibridge::wrapper::run::main(argv));
}
