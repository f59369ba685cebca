import type { ValidateFunction } from "ajv";
import { createAjv } from "./create-ajv";
import type { JsonSchema } from "../schema/json-schema";
import { describeValidationErrors } from "./messages";
import type { FieldError } from "~/lib/errors";

/** What the validator needs to know about a form version. */
export interface ValidatableVersion {
  /** The version's `$id`, e.g. from `formVersionSchemaId`; unique per immutable version. */
  schemaId: string;
  schema: JsonSchema;
}

export interface ValidationResult {
  valid: boolean;
  errors: FieldError[];
}

/** The `$id` under which a version's schema is compiled: one per immutable version. */
export function formVersionSchemaId(slug: string, version: number | "draft"): string {
  return `https://schedario.local/forms/${encodeURIComponent(slug)}/versions/${version}.json`;
}

/**
 * Compiled validators, one per published version, keyed by the version's `$id`
 * and bounded (least recently used out). Each version gets an ajv instance of
 * its own: ajv keeps the code-generation scope of everything it ever compiled
 * (removeSchema does not free it), so a shared instance grows with every
 * version; dropping a private instance frees all of it.
 */
export class ValidatorCache {
  // A Map iterates in insertion order; re-inserting on use makes it an LRU.
  private readonly entries = new Map<string, ValidateFunction>();

  constructor(private readonly maxEntries = 200) {}

  /** The compiled validator of a version, compiling it on first use. */
  get(version: ValidatableVersion): ValidateFunction {
    const cached = this.entries.get(version.schemaId);
    if (cached) {
      this.entries.delete(version.schemaId);
      this.entries.set(version.schemaId, cached);
      return cached;
    }
    // Stored versions passed lint (meta-schema included) before they were
    // saved, so the instance skips compiling the meta-schema again.
    const ajv = createAjv({ validateSchema: false });
    // The stored schema keeps its own `$id` (if any); compile it under the version's.
    const validate = ajv.compile({ ...version.schema, $id: version.schemaId });
    this.entries.set(version.schemaId, validate);
    if (this.entries.size > this.maxEntries) this.evict(this.entries.keys().next().value!);
    return validate;
  }

  /** Drops a version's validator (e.g. when it is retired). */
  evict(schemaId: string): void {
    this.entries.delete(schemaId);
  }

  get size(): number {
    return this.entries.size;
  }
}

/** The process-wide cache used by the app and the CLI. */
export const validatorCache = new ValidatorCache();

/** Validates data against a version; errors are Italian and point at fields. */
export function validateFormData(version: ValidatableVersion, data: unknown, cache = validatorCache): ValidationResult {
  const validate = cache.get(version);
  if (validate(data)) return { valid: true, errors: [] };
  return { valid: false, errors: describeValidationErrors(validate.errors, version.schema) };
}
