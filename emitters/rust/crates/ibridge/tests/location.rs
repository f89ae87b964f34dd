//! Which store a tool uses (spec chapter "Store", store location). One test, because it sets process-wide variables.

use std::path::{Path, PathBuf};

use ibridge::store::location;

#[test]
fn the_option_then_ibridge_store_then_the_cargo_target_dir() {
    std::env::remove_var("IBRIDGE_STORE");
    std::env::remove_var("CARGO_TARGET_DIR");
    assert_eq!(location(None), PathBuf::from("target/ibridge"));
    std::env::set_var("CARGO_TARGET_DIR", "");
    assert_eq!(location(None), PathBuf::from("target/ibridge"), "an empty variable counts as unset");
    std::env::set_var("CARGO_TARGET_DIR", "/build/out");
    assert_eq!(location(None), PathBuf::from("/build/out/ibridge"));
    std::env::set_var("IBRIDGE_STORE", "");
    assert_eq!(location(None), PathBuf::from("/build/out/ibridge"));
    std::env::set_var("IBRIDGE_STORE", "shared/store");
    assert_eq!(location(None), PathBuf::from("shared/store"));
    assert_eq!(location(Some(Path::new("/given"))), PathBuf::from("/given"));
}
