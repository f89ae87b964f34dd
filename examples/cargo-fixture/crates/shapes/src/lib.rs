//! The root crate of the fixture: plain shapes.

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Shape {
    Square(f64),
    Rect(f64, f64),
    #[cfg(feature = "triangle")]
    Triangle(f64, f64),
}

pub fn area(shape: &Shape) -> f64 {
    match shape {
        Shape::Square(side) => side * side,
        Shape::Rect(w, h) => w * h,
        #[cfg(feature = "triangle")]
        Shape::Triangle(base, height) => base * height / 2.0,
    }
}

pub fn describe(shape: &Shape) -> String {
    format!("{shape:?}")
}
