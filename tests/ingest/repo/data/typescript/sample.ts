import { Thing } from "./thing";

export interface Shape {
    area(): number;
}

export type Id = string | number;

export enum Color {
    Red,
    Green,
}

namespace Geometry {
    export const ORIGIN = 0;
}

// A circle.
export class Circle implements Shape {
    constructor(private radius: number) {}

    area(): number {
        return Math.PI * square(this.radius);
    }
}

function square(x: number): number {
    return x * x;
}

export const makeCircle = (r: number): Shape => new Circle(r);
