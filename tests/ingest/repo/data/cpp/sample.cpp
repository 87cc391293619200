#include <vector>
#include "shape.h"

namespace geo {

/// A shape with an area.
class Shape {
public:
    virtual ~Shape() = default;
    virtual double area() const = 0;
    int sides() const { return m_sides; }

private:
    int m_sides = 0;
};

struct Point {
    double x, y;
};

template <typename T>
T twice(T value)
{
    return value * 2;
}

double Shape::area() const
{
    return helper(1.0);
}

enum class Kind { Circle, Square };
using Points = std::vector<Point>;

} // namespace geo

int main()
{
    geo::Point p{1, 2};
    return geo::twice<int>(static_cast<int>(p.x));
}
