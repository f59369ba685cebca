import { isObject, pointerTokens, valueAtPointer } from "./json-schema";

/**
 * `base` with the values of `from` copied at the given pointers (a value
 * missing in `from` is removed from the result). Lists are extended with
 * empty rows when a copied row does not exist in `base`.
 */
export function copyValues(base: Record<string, unknown>, from: unknown, pointers: readonly string[]): Record<string, unknown> {
  const result = structuredClone(base);
  for (const pointer of pointers) {
    const tokens = pointerTokens(pointer);
    let node: Record<string, unknown> | unknown[] = result;
    for (const [i, token] of tokens.slice(0, -1).entries()) {
      const container = node as Record<string, unknown>;
      const key = Array.isArray(node) ? Number(token) : token;
      // Own keys only: container["__proto__"] would otherwise be Object.prototype, and writing into it pollutes every object.
      const own = Object.hasOwn(container, key) ? container[key] : undefined;
      if (!isObject(own) && !Array.isArray(own)) {
        Object.defineProperty(container, key, { value: /^\d+$/.test(tokens[i + 1]!) ? [] : {}, enumerable: true, writable: true, configurable: true });
      }
      node = container[key] as Record<string, unknown> | unknown[];
      if (Array.isArray(node)) for (let r = node.length; r < Number(tokens[i + 1]); r++) node.push({});
    }
    const last = tokens.at(-1)!;
    const value = valueAtPointer(from, pointer);
    if (Array.isArray(node)) node[Number(last)] = value ?? {};
    else if (value === undefined) delete node[last];
    else Object.defineProperty(node, last, { value: structuredClone(value), enumerable: true, writable: true, configurable: true });
  }
  return result;
}
