import { describe, expect, it } from "vitest";
import { stashKey, stashUnsaved, takeUnsaved } from "./unsaved-stash";

class MemoryStorage implements Storage {
  private items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  clear() {
    this.items.clear();
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  key(index: number) {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
}

describe("unsaved stash", () => {
  it("keys a scheda by id and a new one by its page", () => {
    expect(stashKey({ submissionId: 12, page: "/schede/12/rettifica" })).toBe("schedario:non-salvato:scheda:12");
    expect(stashKey({ page: "/moduli/x/compila?servizio=a" })).toBe("schedario:non-salvato:nuova:/moduli/x/compila?servizio=a");
  });

  it("gives the stash back once", () => {
    const storage = new MemoryStorage();
    expect(stashUnsaved(storage, "k", { data: { nome: "Luca" }, revision: 3, reason: null })).toBe(true);
    expect(takeUnsaved(storage, "k")).toEqual({ data: { nome: "Luca" }, revision: 3, reason: null });
    expect(takeUnsaved(storage, "k")).toBeUndefined();
  });

  it("ignores what is not a stash, and a browser without storage", () => {
    const storage = new MemoryStorage();
    storage.setItem("k", "{not json");
    expect(takeUnsaved(storage, "k")).toBeUndefined();
    storage.setItem("k", JSON.stringify({ data: [], revision: 1 }));
    expect(takeUnsaved(storage, "k")).toBeUndefined();
    expect(stashUnsaved(undefined, "k", { data: {}, revision: 0, reason: null })).toBe(false);
    const full = new MemoryStorage();
    full.setItem = () => {
      throw new DOMException("quota", "QuotaExceededError");
    };
    expect(stashUnsaved(full, "k", { data: {}, revision: 0, reason: null })).toBe(false);
  });
});
