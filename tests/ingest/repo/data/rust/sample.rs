use std::collections::HashMap;

pub const LIMIT: usize = 8;

/// A point in the plane.
#[derive(Debug, Clone)]
pub struct Point {
    x: f64,
    y: f64,
}

pub trait Area {
    fn area(&self) -> f64;
}

impl Point {
    pub fn new(x: f64, y: f64) -> Self {
        Point { x, y }
    }

    fn norm(&self) -> f64 {
        (self.x * self.x + self.y * self.y).sqrt()
    }
}

pub enum Shape {
    Dot(Point),
}

mod inner {
    pub fn helper() -> u32 {
        1
    }
}

fn main() {
    let p = Point::new(1.0, 2.0);
    let mut m: HashMap<u32, Point> = HashMap::new();
    println!("{}", p.norm() + inner::helper() as f64);
    m.insert(1, p);
}
