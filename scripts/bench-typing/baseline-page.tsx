// Browser entry of the bench's two reference pages (not part of the app):
// - "rjsf": a plain rjsf 6 Form with default settings (the ajv8 validator that
//   compiles in the browser) and live validation on;
// - "plain": uncontrolled HTML inputs for the same fields, no React at all:
//   the floor.
// The page reads its form from window.__BENCH__ and sets
// `document.documentElement.dataset.interactive` when it can take input.
import Form from "@rjsf/core";
import validator from "@rjsf/validator-ajv8";
import { createRoot } from "react-dom/client";

interface BenchPage {
  mode: "rjsf" | "plain";
  schema: Record<string, unknown>;
  data: Record<string, unknown>;
}

const bench = (window as unknown as { __BENCH__: BenchPage }).__BENCH__;
const container = document.getElementById("root")!;

function markInteractive() {
  document.documentElement.dataset.interactive = String(performance.now());
}

if (bench.mode === "rjsf") {
  createRoot(container).render(
    <Form
      schema={bench.schema}
      formData={bench.data}
      validator={validator}
      liveValidate
      ref={(form) => {
        if (form) markInteractive();
      }}
    />,
  );
} else {
  markInteractive();
}
