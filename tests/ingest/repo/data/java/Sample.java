package org.example.shapes;

import java.util.List;
import java.util.ArrayList;

/** A shape with an area. */
public interface Shape {
    double area();
}

public class Circle implements Shape {
    public static final double PI = 3.14;
    private final double radius;

    public Circle(double radius) {
        this.radius = radius;
    }

    @Override
    public double area() {
        return PI * Math.pow(radius, 2);
    }

    enum Unit { CM, M }

    static List<Circle> many() {
        List<Circle> all = new ArrayList<>();
        all.add(new Circle(1));
        return all;
    }
}
