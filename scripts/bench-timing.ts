import { performance } from "node:perf_hooks";

/** p50 and p95 of a step, in milliseconds: `warmUp` calls first, then `runs` timed one after another. */
export async function timeRuns(step: () => Promise<unknown>, runs: number, warmUp: number): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < warmUp; i++) await step();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await step();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const percentile = (p: number) => samples[Math.min(samples.length - 1, Math.floor((samples.length * p) / 100))]!;
  return { p50: percentile(50), p95: percentile(95) };
}
