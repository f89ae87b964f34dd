//! rustc's dep-info file (`--emit dep-info`): the source files a compilation read, as Makefile
//! rules, and the environment variables it read, as `# env-dep:NAME[=VALUE]` comments.

/// What a compilation read, in file order, without duplicates.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct DepInfo {
    pub files: Vec<String>,
    /// Names of the environment variables read through `env!` or `option_env!`.
    pub env: Vec<String>,
}

/// Parses dep-info text. Paths keep the form rustc wrote (relative to its working directory, or
/// absolute); escaped spaces (`\ `) are unescaped.
pub(crate) fn parse(text: &str) -> DepInfo {
    let mut info = DepInfo::default();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("# env-dep:") {
            let name = rest.split_once('=').map_or(rest, |(n, _)| n);
            push_unique(&mut info.env, name.to_string());
            continue;
        }
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let Some(colon) = rule_colon(line) else { continue };
        for dep in split_paths(&line[colon + 1..]) {
            push_unique(&mut info.files, dep);
        }
    }
    info
}

fn push_unique(list: &mut Vec<String>, item: String) {
    if !list.contains(&item) {
        list.push(item);
    }
}

/// The `:` that ends a rule's target: the first `: ` or a `:` at the end of the line that is not
/// escaped. (A Windows drive colon is followed by a path, not a space.)
fn rule_colon(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    (0..bytes.len()).find(|&i| {
        bytes[i] == b':'
            && (i == 0 || bytes[i - 1] != b'\\')
            && (i + 1 == bytes.len() || bytes[i + 1] == b' ')
    })
}

fn split_paths(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&' ') => {
                cur.push(' ');
                chars.next();
            }
            ' ' => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            _ => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_sources_of_every_rule_once_and_env_deps() {
        let text = "/t/deps/cli-f4.d: crates/cli/src/main.rs crates/cli/src/args.rs\n\n\
            /t/deps/libcli-f4.rmeta: crates/cli/src/main.rs crates/cli/src/args.rs\n\n\
            crates/cli/src/main.rs:\ncrates/cli/src/args.rs:\n\n\
            # env-dep:CARGO_PKG_VERSION=0.1.0\n# env-dep:UNSET_ONE\n";
        let info = parse(text);
        assert_eq!(info.files, vec!["crates/cli/src/main.rs", "crates/cli/src/args.rs"]);
        assert_eq!(info.env, vec!["CARGO_PKG_VERSION", "UNSET_ONE"]);
    }

    #[test]
    fn unescapes_spaces_in_paths() {
        let info = parse("out/x.d: my\\ dir/lib.rs other.rs\n");
        assert_eq!(info.files, vec!["my dir/lib.rs", "other.rs"]);
    }

    #[test]
    fn env_values_with_equals_signs_keep_the_name_only() {
        let info = parse("# env-dep:RUSTFLAGS=-C opt-level=3\n");
        assert_eq!(info.env, vec!["RUSTFLAGS"]);
    }

    #[test]
    fn empty_or_comment_only_text_reads_nothing() {
        assert_eq!(parse(""), DepInfo::default());
        assert_eq!(parse("# checksum:abc\n\n"), DepInfo::default());
    }
}
