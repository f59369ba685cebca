/** Invalid JSON, located by line and column (1-based) so that a person can find it in an editor. */
export class JsonSyntaxError extends Error {
  override name = "JsonSyntaxError";
  constructor(
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`JSON non valido alla riga ${line}, colonna ${column}: ${reason}`);
  }
}

/**
 * JSON.parse, with the position of the first error. V8's messages give a
 * position for some errors only ("Unexpected token …" has none), so on failure
 * a small strict scanner finds the offset.
 */
export function parseJson(text: string): unknown {
  // Editors on Windows may save a byte-order mark, which JSON.parse refuses.
  const json = text.replace(/^\uFEFF/, "");
  try {
    return JSON.parse(json);
  } catch {
    const offset = locateJsonSyntaxError(json);
    const before = json.slice(0, offset).split("\n");
    const reason = offset >= json.length ? "il testo finisce prima del previsto" : `carattere inatteso ${JSON.stringify(json[offset])}`;
    throw new JsonSyntaxError(before.length, before[before.length - 1]!.length + 1, reason);
  }
}

const MAX_NESTING = 5_000;

/** The offset of the first syntax error of a JSON text (RFC 8259), or its length if it ends too early. */
export function locateJsonSyntaxError(text: string): number {
  let i = 0;
  const fail = (at = i) => {
    throw at;
  };
  const skipSpace = () => {
    while (i < text.length && " \t\r\n".includes(text[i]!)) i++;
  };
  const literal = (word: string) => {
    for (const ch of word) if (text[i++] !== ch) fail(i - 1);
  };
  const string = () => {
    i++; // opening quote
    while (i < text.length) {
      const ch = text[i]!;
      if (ch === '"') return void i++;
      if (ch < " ") fail();
      if (ch === "\\") {
        i++;
        if (text[i] === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail(i + 1);
          i += 5;
        } else if (text[i] !== undefined && '"\\/bfnrt'.includes(text[i]!)) i++;
        else fail();
      } else i++;
    }
    fail();
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!match) fail();
    i += match![0].length;
  };
  const value = (depth: number): void => {
    if (depth > MAX_NESTING) fail();
    skipSpace();
    const ch = text[i];
    if (ch === "{") {
      i++;
      skipSpace();
      if (text[i] === "}") return void i++;
      for (;;) {
        skipSpace();
        if (text[i] !== '"') fail();
        string();
        skipSpace();
        if (text[i] !== ":") fail();
        i++;
        value(depth + 1);
        skipSpace();
        if (text[i] === ",") i++;
        else if (text[i] === "}") return void i++;
        else fail();
      }
    } else if (ch === "[") {
      i++;
      skipSpace();
      if (text[i] === "]") return void i++;
      for (;;) {
        value(depth + 1);
        skipSpace();
        if (text[i] === ",") i++;
        else if (text[i] === "]") return void i++;
        else fail();
      }
    } else if (ch === '"') string();
    else if (ch === "t") literal("true");
    else if (ch === "f") literal("false");
    else if (ch === "n") literal("null");
    else if (ch === "-" || (ch !== undefined && ch >= "0" && ch <= "9")) number();
    else fail();
  };
  try {
    value(0);
    skipSpace();
    if (i < text.length) fail();
  } catch (offset) {
    if (typeof offset === "number") return Math.min(offset, text.length);
    throw offset;
  }
  // JSON.parse refused a text this scanner accepts: point at its start rather than invent a place.
  return 0;
}
