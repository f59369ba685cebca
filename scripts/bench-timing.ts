import { performance } from "node:perf_hooks";

export interface Percentiles {
  p50: number;
  p95: number;
}

/** p50 and p95 of a step, in milliseconds: `warmUp` calls first, then `runs` timed one after another. */
export async function timeRuns(step: () => Promise<unknown>, runs: number, warmUp: number): Promise<Percentiles> {
  return (await timeSideBySide({ step }, runs, warmUp)).step;
}

/**
 * p50 and p95 of each step, in milliseconds: `warmUp` rounds first, then
 * `runs` timed rounds, each calling every step once in turn, so that a busy
 * moment on a shared machine slows them alike and their ratio holds.
 */
export async function timeSideBySide<K extends string>(steps: Record<K, () => Promise<unknown>>, runs: number, warmUp: number): Promise<Record<K, Percentiles>> {
  const names = Object.keys(steps) as K[];
  for (let i = 0; i < warmUp; i++) for (const name of names) await steps[name]();
  const samples = new Map<K, number[]>(names.map((name) => [name, []]));
  for (let i = 0; i < runs; i++) {
    for (const name of names) {
      const start = performance.now();
      await steps[name]();
      samples.get(name)!.push(performance.now() - start);
    }
  }
  const percentiles = (sorted: number[]) => {
    const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
    return { p50: at(50), p95: at(95) };
  };
  return Object.fromEntries(names.map((name) => [name, percentiles(samples.get(name)!.sort((a, b) => a - b))])) as Record<K, Percentiles>;
}
