//! A serialisable summary of a set of shapes.

use serde::Serialize;
use shapes::Shape;

#[derive(Debug, Serialize)]
pub struct Report {
    pub count: usize,
    pub total_area: f64,
    pub largest: Option<String>,
}

pub fn report(shapes: &[Shape]) -> Report {
    Report {
        count: shapes.len(),
        total_area: geometry::total_area(shapes),
        largest: geometry::largest(shapes).map(|s| shapes::describe(&s)),
    }
}

pub fn needless_return(x: usize) -> usize {
    return x + 1;
}
