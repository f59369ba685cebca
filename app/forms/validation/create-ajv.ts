import Ajv, { type Options } from "ajv";
import addFormats from "ajv-formats";
import { ajvOptions } from "./ajv-options";

/** A new ajv instance with Schedario's options and formats; `extra` adds e.g. `code` for standalone output. */
export function createAjv(extra: Options = {}): Ajv {
  const ajv = new Ajv({ ...ajvOptions, ...extra });
  addFormats(ajv);
  return ajv;
}
