import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SUPPORTED_UI_KEYS, SUPPORTED_WIDGETS } from "./ui-support";

/** The README's tables of widgets and `ui:` keys are what lint enforces: this keeps them in step. */
const readme = readFileSync("README.md", "utf8");
const section = readme.slice(readme.indexOf("### JSON Schema features and widgets"), readme.indexOf("### The `schemas/` folder"));
const rows = (header: string) => {
  const table = section.slice(section.indexOf(header));
  return table
    .split("\n")
    .slice(2)
    .filter((line, i, lines) => line.startsWith("|") && lines.slice(0, i).every((l) => l.startsWith("|")))
    .map((line) => line.split("|").slice(1, -1).map((cell) => cell.trim()));
};

describe("README: JSON Schema features and widgets", () => {
  it("lists exactly the widgets lint accepts, with their field types", () => {
    expect(rows("| `ui:widget` | field types |")).toEqual(SUPPORTED_WIDGETS.map((w) => [`\`${w.name}\``, w.types.join(", "), w.description]));
  });

  it("lists exactly the ui: keys lint accepts", () => {
    expect(rows("| key | meaning |")).toEqual(Object.entries(SUPPORTED_UI_KEYS).map(([key, meaning]) => [`\`${key}\``, meaning]));
  });
});
