import { ATTRIBUTE_ORDER } from "./extract";
import type { SinbaAttribute } from "./codes";

/**
 * The SINBA flow as XML text (namespace http://inps.it/Casellario, root
 * `Flusso`, schema v1.0.0): the sending Ente, then one `SINBA` element per
 * child with the benefits given and the household. Pure.
 */

export const SINBA_NAMESPACE = "http://inps.it/Casellario";

export interface SinbaEnte {
  /** The Ente's code at INPS. */
  code: string;
  name: string;
  /** Catasto code of the comune of the Ente's registered seat. */
  catastoCode: string;
  /** Tax code of the operator who sends the flow. */
  operatorTaxCode: string;
}

export interface SinbaFlowRecord {
  beneficiaryId: string;
  attributes: Partial<Record<SinbaAttribute, string>>;
  benefits: string[];
  household: string[];
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

/** Text safe inside a double-quoted attribute or an element. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function attributes(pairs: [string, string | undefined][]): string {
  return pairs
    .filter((pair): pair is [string, string] => pair[1] !== undefined)
    .map(([name, value]) => ` ${name}="${escapeXml(value)}"`)
    .join("");
}

export function renderSinbaFlow(flow: { name: string; ente: SinbaEnte; records: readonly SinbaFlowRecord[] }): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<Flusso xmlns="${SINBA_NAMESPACE}">`,
    `  <IdentificazioneFlusso${attributes([["Nome", flow.name]])}>`,
    `    <Ente${attributes([
      ["Codice", flow.ente.code],
      ["Denominazione", flow.ente.name],
      ["Indirizzo", flow.ente.catastoCode],
      ["CFOperatore", flow.ente.operatorTaxCode],
    ])}/>`,
    "  </IdentificazioneFlusso>",
  ];
  for (const record of flow.records) {
    lines.push(`  <SINBA${attributes([["IDBeneficiario", record.beneficiaryId], ...ATTRIBUTE_ORDER.map((name) => [name, record.attributes[name]] as [string, string | undefined])])}>`);
    lines.push("    <Prestazioni>", ...record.benefits.map((code) => `      <CodicePrestazione>${escapeXml(code)}</CodicePrestazione>`), "    </Prestazioni>");
    lines.push("    <Famiglia>", ...record.household.map((code) => `      <ComposizioneFamiglia>${escapeXml(code)}</ComposizioneFamiglia>`), "    </Famiglia>");
    lines.push("  </SINBA>");
  }
  lines.push("</Flusso>", "");
  return lines.join("\n");
}
