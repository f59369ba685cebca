/** The part of the editor shown below desktop width, one at a time (CSS decides when). */
export type Panel = "modifica" | "proprieta" | "anteprima";

const PANELS: { id: Panel; label: string }[] = [
  { id: "modifica", label: "Campi" },
  { id: "proprieta", label: "Proprietà" },
  { id: "anteprima", label: "Anteprima" },
];

/**
 * The two rows of tabs: visual editor or JSON, and (narrow screens) which
 * panel to show. The JSON tab has no properties panel: its panel tab reads
 * "JSON", and stays selected if the properties were.
 */
export function EditorTabs({
  json,
  onMode,
  panel,
  onPanel,
  selectedTitle,
}: {
  json: boolean;
  onMode: (to: "visuale" | "json") => void;
  panel: Panel;
  onPanel: (panel: Panel) => void;
  selectedTitle: string | undefined;
}) {
  return (
    <>
      <div className="builder__tabs" role="tablist" aria-label="Modalità di modifica">
        <button type="button" role="tab" id="scheda-visuale" aria-selected={!json} aria-controls="pannello-modifica" onClick={() => onMode("visuale")}>
          Editor visuale
        </button>
        <button type="button" role="tab" id="scheda-json" aria-selected={json} aria-controls="pannello-modifica" onClick={() => onMode("json")}>
          JSON
        </button>
      </div>

      <div className="builder__panel-tabs" role="tablist" aria-label="Parte dell'editor da mostrare">
        {PANELS.filter((p) => !(json && p.id === "proprieta")).map((p) => (
          <button
            key={p.id}
            type="button"
            role="tab"
            id={`pannello-${p.id}-scheda`}
            aria-selected={panel === p.id || (p.id === "modifica" && json && panel === "proprieta")}
            onClick={() => onPanel(p.id)}
          >
            {p.id === "modifica" && json ? "JSON" : p.label}
            {p.id === "proprieta" && selectedTitle !== undefined ? <span className="visually-hidden"> di «{selectedTitle}»</span> : null}
          </button>
        ))}
      </div>
    </>
  );
}
