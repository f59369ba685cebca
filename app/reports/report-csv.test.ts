import { describe, expect, it } from "vitest";
import { reportCsv } from "./report-csv";

describe("reportCsv", () => {
  it("writes the title with the period, the header, numbers as numbers and suppressed counts as shown, formulas defused", () => {
    const csv = reportCsv(
      {
        title: "Chiusure per motivo",
        columns: ["Cartelle"],
        rows: [
          { label: "Raggiunta la maggiore età", cells: [{ text: "7", value: 7 }] },
          { label: "=Altro, senza motivo", cells: [{ text: "< 5", value: null }] },
        ],
      },
      "anno 2026"
    );
    expect(csv).toBe('\uFEFFChiusure per motivo · anno 2026\r\nVoce,Cartelle\r\nRaggiunta la maggiore età,7\r\n"\'=Altro, senza motivo",< 5\r\n');
  });
});
