//! What `cargo ibridge` prints after cargo: one line of counts and sizes, the crates computed and
//! passed through, and with `-v` one line per unit.

use super::runlog::{RunLog, Unit};
use super::size::human;
use crate::wrapper::stats::Outcome;

/// How many crate names a summary line lists before it counts the rest.
const NAMES: usize = 8;

pub(crate) fn render(log: &RunLog, verbose: bool) -> String {
    let count = |o: Outcome| log.units.iter().filter(|u| u.outcome == o).count();
    let bytes = |o: Outcome| log.units.iter().filter(|u| u.outcome == o).map(|u| u.bytes).sum::<u64>();
    let unrecorded = count(Outcome::Unrecorded);
    let mut out = format!(
        "cargo ibridge: {} units hit, {} computed{}, {} passed through; {} restored, {} stored\n",
        count(Outcome::Hit),
        count(Outcome::Computed),
        if unrecorded > 0 { format!(" (+{unrecorded} not recorded)") } else { String::new() },
        count(Outcome::Passthrough),
        human(bytes(Outcome::Hit)),
        human(bytes(Outcome::Computed)),
    );
    if verbose {
        let width = log.units.iter().map(|u| u.crate_name.len()).max().unwrap_or(0);
        for u in &log.units {
            let reason = if u.reason.is_empty() { String::new() } else { format!("  {}", u.reason) };
            out.push_str(&format!("  {:<width$}  {:<26}  {:<14}{}\n", u.crate_name, facet(u), word(u.outcome), reason));
        }
        return out;
    }
    for (label, outcome) in [("computed", Outcome::Computed), ("not recorded", Outcome::Unrecorded), ("passed through", Outcome::Passthrough)] {
        let units: Vec<&Unit> = log.units.iter().filter(|u| u.outcome == outcome).collect();
        if units.is_empty() {
            continue;
        }
        let mut names: Vec<String> = units.iter().take(NAMES).map(|u| named(u, outcome)).collect();
        if units.len() > NAMES {
            names.push(format!("and {} more", units.len() - NAMES));
        }
        out.push_str(&format!("  {label}: {}\n", names.join(", ")));
    }
    out
}

fn word(o: Outcome) -> &'static str {
    match o {
        Outcome::Hit => "hit",
        Outcome::Computed => "computed",
        Outcome::Unrecorded => "not recorded",
        Outcome::Passthrough => "passed through",
    }
}

fn facet(u: &Unit) -> &str {
    if u.facet == "-" {
        "(not modelled)"
    } else {
        &u.facet
    }
}

fn named(u: &Unit, o: Outcome) -> String {
    match o {
        Outcome::Passthrough if !u.reason.is_empty() => format!("{} ({})", u.crate_name, u.reason),
        _ if u.facet != "-" => format!("{} ({})", u.crate_name, u.facet),
        _ => u.crate_name.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::UNIX_EPOCH;

    fn unit(outcome: Outcome, facet: &str, name: &str, bytes: u64, reason: &str) -> Unit {
        Unit { outcome, facet: facet.into(), crate_name: name.into(), bytes, micros: 1, keys: Vec::new(), reason: reason.into() }
    }

    fn log(units: Vec<Unit>) -> RunLog {
        RunLog { id: "r".into(), started: UNIX_EPOCH, dir: "/w".into(), command: "check".into(), units, unreadable: 0 }
    }

    #[test]
    fn the_summary_counts_sizes_and_names_crates() {
        let l = log(vec![
            unit(Outcome::Hit, "metadata", "shapes", 3 << 20, ""),
            unit(Outcome::Computed, "metadata", "geometry", 1536, "source file src/lib.rs changed"),
            unit(Outcome::Passthrough, "-", "build_script_build", 0, "build script"),
        ]);
        assert_eq!(
            render(&l, false),
            "cargo ibridge: 1 units hit, 1 computed, 1 passed through; 3.0 MiB restored, 1.5 KiB stored\n\
             \x20 computed: geometry (metadata)\n\
             \x20 passed through: build_script_build (build script)\n"
        );
        let v = render(&l, true);
        assert!(v.contains("  geometry            metadata                    computed        source file src/lib.rs changed\n"), "{v}");
        assert!(v.contains("  build_script_build  (not modelled)              passed through  build script\n"), "{v}");
    }

    #[test]
    fn long_lists_are_cut_and_failures_counted() {
        let mut units: Vec<Unit> = (0..10).map(|i| unit(Outcome::Computed, "metadata", &format!("c{i}"), 1, "")).collect();
        units.push(unit(Outcome::Unrecorded, "metadata", "bad", 0, "tool failed"));
        let text = render(&log(units), false);
        assert!(text.starts_with("cargo ibridge: 0 units hit, 10 computed (+1 not recorded), 0 passed through; 0 B restored, 10 B stored\n"), "{text}");
        assert!(text.contains("c7 (metadata), and 2 more\n"), "{text}");
        assert!(text.contains("  not recorded: bad (metadata)\n"), "{text}");
    }
}
