//! Sizes for people: printed in B, KiB, MiB and GiB, and read from `10G`, `500M`, `64K` or bytes.

/// `999 B`, `1.5 KiB`, `12.3 MiB`, `2.0 GiB`: binary units, one decimal above bytes.
pub(crate) fn human(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

/// A size: digits, optionally with a fraction, and an optional unit K, M, G or T (binary, any
/// case, with or without `iB`/`B`). An error names what is wrong.
pub(crate) fn parse(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let split = t.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let factor: u64 = match unit.to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        "t" | "tb" | "tib" => 1 << 40,
        _ => return Err(format!("{text:?} is not a size (use bytes or a number with K, M, G or T, like 500M)")),
    };
    let value: f64 = number.parse().map_err(|_| format!("{text:?} is not a size (use bytes or a number with K, M, G or T, like 500M)"))?;
    let bytes = value * factor as f64;
    if !bytes.is_finite() || bytes >= u64::MAX as f64 {
        return Err(format!("{text:?} is too large"));
    }
    Ok(bytes as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_print_in_binary_units() {
        assert_eq!(human(0), "0 B");
        assert_eq!(human(1023), "1023 B");
        assert_eq!(human(1536), "1.5 KiB");
        assert_eq!(human(10 * 1024 * 1024 + 300 * 1024), "10.3 MiB");
        assert_eq!(human(3 << 30), "3.0 GiB");
    }

    #[test]
    fn sizes_parse_with_units_and_reject_the_rest() {
        assert_eq!(parse("10G"), Ok(10 << 30));
        assert_eq!(parse("500M"), Ok(500 << 20));
        assert_eq!(parse("500MiB"), Ok(500 << 20));
        assert_eq!(parse("1.5k"), Ok(1536));
        assert_eq!(parse("4096"), Ok(4096));
        assert_eq!(parse("0"), Ok(0));
        for bad in ["", "G", "10X", "-1G", "1.2.3M", "ten", "99999999999999999999T"] {
            assert!(parse(bad).is_err(), "{bad:?} must not parse");
        }
    }
}
