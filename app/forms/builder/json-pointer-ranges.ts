import { escapePointerToken } from "../schema/json-schema";

/** Where each value of a JSON text is, by JSON pointer: `from` (inclusive) and `to` (exclusive) offsets. */
export type PointerRanges = Map<string, { from: number; to: number }>;

/**
 * The text range of every value of a valid JSON document, so that lint
 * problems (JSON pointers) can be underlined in the code editor. Returns an
 * empty map for invalid JSON (its syntax error is reported instead).
 */
export function jsonPointerRanges(text: string): PointerRanges {
  const ranges: PointerRanges = new Map();
  let i = 0;
  const space = () => {
    while (i < text.length && " \t\r\n".includes(text[i]!)) i++;
  };
  const string = (): string => {
    const start = i++;
    while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (pointer: string) => {
    space();
    const from = i;
    const ch = text[i];
    if (ch === "{" || ch === "[") {
      i++;
      space();
      let index = 0;
      while (text[i] !== "}" && text[i] !== "]") {
        let token = String(index++);
        if (ch === "{") {
          token = string();
          space();
          i++; // colon
        }
        value(`${pointer}/${escapePointerToken(token)}`);
        space();
        if (text[i] === ",") i++;
        space();
      }
      i++;
    } else if (ch === '"') string();
    else while (i < text.length && !",}] \t\r\n".includes(text[i]!)) i++;
    ranges.set(pointer, { from, to: i });
  };
  try {
    JSON.parse(text);
    value("");
  } catch {
    return new Map();
  }
  return ranges;
}
