package shapes

import (
	"fmt"
	"math"
)

const Pi = 3.14

// Shape has an area.
type Shape interface {
	Area() float64
}

type Circle struct {
	R float64
}

type Radius float64

// Area of the circle.
func (c *Circle) Area() float64 {
	return Pi * math.Pow(c.R, 2)
}

func Describe(s Shape) string {
	return fmt.Sprintf("%v", s.Area())
}
