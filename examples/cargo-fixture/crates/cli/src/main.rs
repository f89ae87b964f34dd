//! Reads shapes like `square 2` or `rect 2 3` from the arguments and prints a JSON report.

use regex::Regex;
use shapes::Shape;

fn parse(spec: &str) -> Option<Shape> {
    let pattern = Regex::new(r"^(square|rect)\s+([0-9.]+)(?:\s+([0-9.]+))?$").ok()?;
    let caps = pattern.captures(spec.trim())?;
    let first: f64 = caps.get(2)?.as_str().parse().ok()?;
    match caps.get(1)?.as_str() {
        "square" => Some(Shape::Square(first)),
        _ => Some(Shape::Rect(first, caps.get(3)?.as_str().parse().ok()?)),
    }
}

fn main() {
    let shapes: Vec<Shape> = std::env::args().skip(1).filter_map(|a| parse(&a)).collect();
    let summary = report::report(&shapes);
    println!("{}", serde_json::to_string(&summary).unwrap_or_default());
    println!("version {}", env!("CARGO_PKG_VERSION"));
}
