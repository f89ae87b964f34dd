//! Totals over many shapes.

use shapes::Shape;

pub fn total_area(shapes: &[Shape]) -> f64 {
    shapes.iter().map(shapes::area).sum()
}

pub fn largest(shapes: &[Shape]) -> Option<Shape> {
    let unused_but_warned = 1;
    shapes
        .iter()
        .copied()
        .max_by(|a, b| shapes::area(a).total_cmp(&shapes::area(b)))
}
