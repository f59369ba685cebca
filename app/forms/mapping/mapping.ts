import { isObject, pointerTokens } from "../schema/json-schema";

/**
 * Declared migrations (ADR 0012). A published version may carry a mapping
 * from the data of the version before it: fields renamed or moved (old
 * pointer → new pointer) and option codes recoded. Stored data is never
 * rewritten; lists and exports call `presentInVersion` to show an old
 * submission in a newer version's shape. Pure: runs on server and browser.
 */

/** One old code and the new code it stands for. */
export interface Recoding {
  from: unknown;
  to: unknown;
}

/**
 * One declared change: the value at `from` (a pointer into the older
 * version's data; `*` stands for every element of an array) is shown at `to`
 * (same number of `*`, matched in order), with its codes recoded. `from`
 * equal to `to` only recodes.
 */
export interface MappingRule {
  from: string;
  to: string;
  recode?: Recoding[];
}

/** The mapping a version declares, from the data of version `fromVersion` (the one before it). */
export interface VersionMapping {
  fromVersion: number;
  rules: MappingRule[];
}

/** What the chain needs to know of each version of a form. */
export interface MappedVersion {
  version: number;
  mapping: VersionMapping | null;
}

type Data = Record<string, unknown>;

/** The values at a pointer with wildcards, each with the array indexes its `*`s matched. */
export function collectAtPointer(node: unknown, tokens: string[], at = 0, indexes: number[] = []): { indexes: number[]; value: unknown }[] {
  if (at === tokens.length) return [{ indexes, value: node }];
  const token = tokens[at]!;
  if (token === "*") {
    return Array.isArray(node) ? node.flatMap((item, i) => collectAtPointer(item, tokens, at + 1, [...indexes, i])) : [];
  }
  if (isObject(node) && Object.hasOwn(node, token)) return collectAtPointer(node[token], tokens, at + 1, indexes);
  return [];
}

/** Deletes the member at a pointer (in every matched array element). */
function remove(node: unknown, tokens: string[], at = 0): void {
  const token = tokens[at]!;
  const last = at === tokens.length - 1;
  if (token === "*") {
    if (Array.isArray(node) && !last) for (const item of node) remove(item, tokens, at + 1);
  } else if (isObject(node) && Object.hasOwn(node, token)) {
    if (last) delete node[token];
    else remove(node[token], tokens, at + 1);
  }
}

/** Writes a value at a pointer, creating the groups and array elements on the way; `*`s take the given indexes. */
function write(root: Data, tokens: string[], indexes: number[], value: unknown): void {
  let node: unknown = root;
  let star = 0;
  for (let at = 0; at < tokens.length; at++) {
    const token = tokens[at]!;
    const key: string | number = token === "*" ? indexes[star++]! : token;
    const container = node as Record<string | number, unknown>;
    if (at === tokens.length - 1) {
      container[key] = value;
      return;
    }
    const nextIsArray = tokens[at + 1] === "*";
    const existing = container[key];
    if (nextIsArray ? !Array.isArray(existing) : !isObject(existing)) container[key] = nextIsArray ? [] : {};
    node = container[key];
  }
}

function recodeValue(value: unknown, recode: Recoding[] | undefined): unknown {
  if (!recode?.length) return value;
  // A multiple choice is an array of codes: recode each.
  if (Array.isArray(value)) return value.map((v) => recodeValue(v, recode));
  const match = recode.find((r) => JSON.stringify(r.from) === JSON.stringify(value));
  return match ? match.to : value;
}

/**
 * The data of the version before, in the shape of the version that declares
 * `mapping`. Every rule reads the original data, so rules may swap fields;
 * values of fields no rule names stay where they are; nothing in `data` is modified.
 */
export function applyMapping(data: Data, mapping: VersionMapping | null): Data {
  if (!mapping?.rules.length) return data;
  const moves = mapping.rules.map((rule) => ({
    rule,
    to: pointerTokens(rule.to),
    values: collectAtPointer(data, pointerTokens(rule.from)),
  }));
  const result = structuredClone(data);
  for (const rule of mapping.rules) remove(result, pointerTokens(rule.from));
  for (const move of moves) {
    for (const { indexes, value } of move.values) write(result, move.to, indexes, recodeValue(value, move.rule.recode));
  }
  return result;
}

/** A chain of versions misses a link: `presentInVersion` cannot bridge it. */
export class MappingChainError extends Error {
  override name = "MappingChainError";
}

/**
 * Presents data saved with version `dataVersion` in the shape of version
 * `targetVersion`, applying the mappings of every version in between in
 * order (a field renamed in 2 and recoded in 3 arrives renamed and recoded).
 * `versions` are the form's numbered versions, in any order.
 */
export function presentInVersion(data: Data, dataVersion: number, targetVersion: number, versions: readonly MappedVersion[]): Data {
  if (targetVersion < dataVersion) throw new MappingChainError(`non si può presentare la versione ${dataVersion} come la precedente ${targetVersion}`);
  const byNumber = new Map(versions.map((v) => [v.version, v]));
  let result = data;
  for (let n = dataVersion + 1; n <= targetVersion; n++) {
    const step = byNumber.get(n);
    if (!step) throw new MappingChainError(`manca la versione ${n} nella catena ${dataVersion} → ${targetVersion}`);
    if (step.mapping && step.mapping.fromVersion !== n - 1) {
      throw new MappingChainError(`la corrispondenza della versione ${n} parte dalla versione ${step.mapping.fromVersion}, non dalla ${n - 1}`);
    }
    result = applyMapping(result, step.mapping);
  }
  return result;
}

/**
 * Pointers that the chain's mappings move elsewhere and no later rule writes
 * to again: in the newest shape they hold nothing, so an export built from
 * every version's fields can leave their columns out.
 */
export function movedAwayPointers(versions: readonly MappedVersion[]): Set<string> {
  const moved = new Set<string>();
  for (const { mapping } of [...versions].sort((a, b) => a.version - b.version)) {
    const rules = mapping?.rules ?? [];
    for (const rule of rules) if (rule.from !== rule.to) moved.add(rule.from);
    // After the moves of the same step: a swap leaves both fields in use.
    for (const rule of rules) moved.delete(rule.to);
  }
  return moved;
}
