//! cargo's `RUSTC_WRAPPER`: `RUSTC_WRAPPER=ibridge-rustc-wrapper IBRIDGE_STORE=target/ibridge cargo check`.
//! `ibridge-rustc-wrapper --remote-flush` ends a run: it uploads the emits queued for the remote
//! store (`IBRIDGE_REMOTE`, `IBRIDGE_REMOTE_MODE=write`) in one parallel batch. A fault is one
//! warning line and leaves its entries queued; the exit status is 0 unless IBRIDGE_STORE is unset.

use std::path::PathBuf;

fn main() {
    let argv: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    if argv.len() == 1 && argv[0] == "--remote-flush" {
        let Some(store) = std::env::var_os("IBRIDGE_STORE").filter(|s| !s.is_empty()).map(PathBuf::from) else {
            eprintln!("ibridge-rustc-wrapper: --remote-flush needs IBRIDGE_STORE, the store whose queue to upload");
            std::process::exit(2);
        };
        let store = std::env::current_dir().map(|d| d.join(&store)).unwrap_or(store);
        ibridge::remote::flush(&store, &ibridge::wrapper::run::state_dir(&store));
        std::process::exit(0);
    }
    std::process::exit(ibridge::wrapper::run::main(argv));
}
