import { describe, expect, it } from "vitest";
import { formVersionSchemaId, validateFormData, ValidatorCache } from "./validators.server";

const version = (n: number) => ({
  schemaId: formVersionSchemaId("prova", n),
  schema: { type: "object", title: "Prova", required: ["nome"], properties: { nome: { type: "string", title: "Nome", minLength: n } } },
});

describe("ValidatorCache", () => {
  it("compiles a version once and reuses it", () => {
    const cache = new ValidatorCache(10);
    expect(cache.get(version(1))).toBe(cache.get(version(1)));
    expect(cache.size).toBe(1);
  });

  it("stays within its bound, evicting the least recently used version", () => {
    const cache = new ValidatorCache(2);
    const first = cache.get(version(1));
    cache.get(version(2));
    cache.get(version(1)); // 1 is now more recent than 2
    cache.get(version(3)); // evicts 2
    expect(cache.size).toBe(2);
    expect(cache.get(version(1))).toBe(first);
  });

  it("recompiles an evicted version on next use", () => {
    const cache = new ValidatorCache(5);
    const before = cache.get(version(1));
    cache.evict(version(1).schemaId);
    expect(cache.size).toBe(0);
    expect(cache.get(version(1))).not.toBe(before);
  });
});

describe("validateFormData", () => {
  it("answers valid, or Italian errors that point at fields", () => {
    const cache = new ValidatorCache(5);
    expect(validateFormData(version(2), { nome: "Anna" }, cache)).toEqual({ valid: true, errors: [] });
    expect(validateFormData(version(2), { nome: "A" }, cache)).toEqual({
      valid: false,
      errors: [{ path: "/nome", message: "Nome: non deve essere meno lungo di 2 caratteri" }],
    });
  });
});
