//! Which records this process hit or emitted, for a tool that logs its runs so that gc keeps what
//! they used (see `gc`). Off unless the tool asks for it, so a long-lived process that never
//! reads the list does not grow it.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

static ON: AtomicBool = AtomicBool::new(false);
static TOUCHED: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// From now on, remember every record this process's stores hit or emit.
pub fn remember() {
    ON.store(true, Ordering::Relaxed);
}

pub(super) fn note(facet: &str, key: &crate::model::Digest) {
    if ON.load(Ordering::Relaxed) {
        super::locked(&TOUCHED).push(format!("{facet}/{}", hex::encode(&key.value)));
    }
}

/// The records hit or emitted since the last call, as `facet/<input key hex>`.
pub fn take() -> Vec<String> {
    std::mem::take(&mut *super::locked(&TOUCHED))
}
