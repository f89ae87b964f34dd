//! Where the wrapper and `cargo ibridge` keep the store when `IBRIDGE_STORE` does not say: one
//! store per user, shared by every checkout, `$XDG_CACHE_HOME/ibridge/store`, else
//! `~/.cache/ibridge/store`. `cargo clean` does not remove it; `cargo ibridge gc` trims it.

use std::path::{Path, PathBuf};

/// The store: `IBRIDGE_STORE` (relative to the working directory) when set and not empty, else
/// the per-user default; None when neither is set and there is no home directory.
pub fn store() -> Option<PathBuf> {
    let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty()).map(PathBuf::from);
    if let Some(explicit) = var("IBRIDGE_STORE") {
        return Some(absolute(explicit));
    }
    default_store(var("XDG_CACHE_HOME").as_deref(), var("HOME").as_deref())
}

/// The per-user store, from the XDG cache directory (which must be absolute to count) or the home.
pub(crate) fn default_store(xdg_cache_home: Option<&Path>, home: Option<&Path>) -> Option<PathBuf> {
    let cache = xdg_cache_home.filter(|p| p.is_absolute()).map(Path::to_path_buf).or_else(|| home.map(|h| h.join(".cache")))?;
    Some(cache.join("ibridge").join("store"))
}

pub(crate) fn absolute(p: PathBuf) -> PathBuf {
    if p.is_absolute() {
        p
    } else {
        std::env::current_dir().map(|d| d.join(&p)).unwrap_or(p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_xdg_cache_then_the_home_cache() {
        let (xdg, home) = (Path::new("/x/cache"), Path::new("/home/u"));
        assert_eq!(default_store(Some(xdg), Some(home)), Some(PathBuf::from("/x/cache/ibridge/store")));
        assert_eq!(default_store(None, Some(home)), Some(PathBuf::from("/home/u/.cache/ibridge/store")));
        assert_eq!(default_store(Some(Path::new("rel")), Some(home)), Some(PathBuf::from("/home/u/.cache/ibridge/store")), "a relative XDG_CACHE_HOME is ignored");
        assert_eq!(default_store(None, None), None);
    }
}
