import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ReportChart, chartDescription, chartLabel, type ChartTable } from "./report-chart";

const table: ChartTable = {
  key: "esiti",
  title: "Esiti P.I.P.P.I. tra T0 e T2",
  columns: ["Migliorato", "Invariato", "Peggiorato"],
  rows: [
    { label: "Salute e crescita", cells: [{ text: "12", value: 12 }, { text: "< 5", value: null }, { text: "6", value: 6 }] },
    { label: "Autonomia", cells: [{ text: "0", value: 0 }, { text: "8", value: 8 }, { text: "0", value: 0 }] },
  ],
};

describe("the report chart (server SVG)", () => {
  const svg = renderToStaticMarkup(<ReportChart table={table} />);

  it("is an image named by its title and described, pointing at both", () => {
    expect(svg).toMatch(/^<svg[^>]*role="img"[^>]*aria-labelledby="grafico-esiti-title grafico-esiti-desc"/);
    expect(svg).toContain('<title id="grafico-esiti-title">Grafico: Esiti P.I.P.P.I. tra T0 e T2</title>');
    expect(svg).toContain('<desc id="grafico-esiti-desc">');
    expect(chartDescription(table)).toContain("Migliorato (pieno scuro), Invariato (righe oblique), Peggiorato (puntini)");
  });

  it("tells columns apart by pattern, draws no length for a suppressed count and writes the numbers", () => {
    expect(svg).toContain('fill="url(#grafico-esiti-stripes)"');
    // Row 1: 12 and 6 drawn, "< 5" not; row 2: only the 8.
    expect(svg.match(/<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="16"/g)).toHaveLength(3);
    expect(svg).toContain("12 · &lt; 5 · 6");
    expect(svg).toContain("0 · 8 · 0");
  });
});

describe("chartLabel", () => {
  it("keeps a short label, falls back to its last part, then cuts", () => {
    expect(chartLabel("Aperte nel periodo")).toBe("Aperte nel periodo");
    expect(chartLabel("Bisogni di sviluppo del bambino › Emozioni, pensieri, comunicazione e comportamenti")).toBe("Emozioni, pensieri, comunicazione e comportamenti");
    expect(chartLabel("x".repeat(80))).toBe(`${"x".repeat(49)}…`);
  });
});
