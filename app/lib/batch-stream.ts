/**
 * A byte stream produced batch by batch, only as fast as it is read: the
 * next batch is fetched when the reader asks for more (highWaterMark 0, so
 * nothing is read ahead), after the HTTP socket has drained. Memory is one
 * batch, whatever the total — the shape of exports (ADR 0009), where the
 * PGlite dialect cannot stream a database cursor and keyset batches are read
 * one after another instead.
 */
export function batchStream<T>(options: {
  /** The rows after `last` (undefined: from the start), at most `batchSize` of them. */
  nextBatch: (last: T | undefined) => Promise<T[]>;
  batchSize: number;
  /** The text of a batch of rows. */
  encode: (rows: T[]) => string;
  /** Text sent before the first batch (a CSV header). */
  prefix?: string;
  /** Resolves when the consumer can take more (server.mjs: the socket's 'drain'). */
  drained?: () => Promise<void>;
  /** Aborted when the client goes away: stop reading the database. */
  signal?: AbortSignal;
}): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let last: T | undefined;
  let started = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!started && options.prefix) {
          started = true;
          controller.enqueue(encoder.encode(options.prefix));
          return;
        }
        started = true;
        await options.drained?.();
        if (options.signal?.aborted) {
          controller.close();
          return;
        }
        const rows = await options.nextBatch(last);
        if (rows.length) {
          last = rows.at(-1);
          controller.enqueue(encoder.encode(options.encode(rows)));
        }
        if (rows.length < options.batchSize) controller.close();
      },
    },
    { highWaterMark: 0 }
  );
}
