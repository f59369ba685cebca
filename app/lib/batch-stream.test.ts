import { describe, expect, it } from "vitest";
import { batchStream } from "./batch-stream";

/** A source of `total` numbered rows, counting the batches asked for. */
function source(total: number, batchSize: number) {
  const calls: (number | undefined)[] = [];
  return {
    calls,
    stream: (extra: Partial<Parameters<typeof batchStream<number>>[0]> = {}) =>
      batchStream<number>({
        batchSize,
        nextBatch: async (last) => {
          calls.push(last);
          const from = (last ?? 0) + 1;
          return Array.from({ length: Math.max(0, Math.min(batchSize, total - from + 1)) }, (_, i) => from + i);
        },
        encode: (rows) => rows.map((r) => `${r}\n`).join(""),
        ...extra,
      }),
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe("batchStream", () => {
  it("produces the prefix and every row, in order, then ends", async () => {
    const s = source(7, 3);
    const text = await new Response(s.stream({ prefix: "n\n" })).text();
    expect(text).toBe("n\n1\n2\n3\n4\n5\n6\n7\n");
    // Keyset: each batch starts after the last row of the previous one.
    expect(s.calls).toEqual([undefined, 3, 6]);
  });

  it("asks for one more batch when the last one was full, and ends on an empty one", async () => {
    const s = source(6, 3);
    expect(await new Response(s.stream()).text()).toBe("1\n2\n3\n4\n5\n6\n");
    expect(s.calls).toEqual([undefined, 3, 6]);
  });

  it("reads nothing ahead of its reader (backpressure)", async () => {
    const s = source(1000, 10);
    const reader = s.stream().getReader();
    await settle();
    expect(s.calls).toHaveLength(0);
    await reader.read();
    await settle();
    expect(s.calls).toHaveLength(1);
    await reader.read();
    await reader.read();
    await settle();
    expect(s.calls).toHaveLength(3);
    await reader.cancel();
  });

  it("waits for the consumer to drain before the next batch", async () => {
    const s = source(100, 10);
    let release: () => void = () => {};
    let waiting = 0;
    const reader = s.stream({ drained: () => new Promise<void>((r) => ((release = r), waiting++)) }).getReader();
    const pending = reader.read();
    await settle();
    expect([waiting, s.calls.length]).toEqual([1, 0]);
    release();
    expect(new TextDecoder().decode((await pending).value)).toBe("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n");
    await reader.cancel();
  });

  it("stops reading the database once the client has gone", async () => {
    const s = source(1000, 10);
    const abort = new AbortController();
    const reader = s.stream({ signal: abort.signal }).getReader();
    await reader.read();
    abort.abort();
    expect(await reader.read()).toEqual({ done: true, value: undefined });
    expect(s.calls).toHaveLength(1);
  });
});
