import { readFile } from "fs";
const path = require("path");

const API_URL = "https://example.invalid";

/**
 * Greets someone.
 */
function greet(name) {
    return "hi " + name;
}

const shout = (text) => text.toUpperCase();

class Greeter extends Base {
    constructor(prefix) {
        super();
        this.prefix = prefix;
    }

    run(name) {
        return greet(this.prefix + name);
    }
}

export function main() {
    const g = new Greeter("> ");
    console.log(g.run(shout("x")), path.join("a"));
}
