// Injected into every page the bench opens, before the page's own scripts.
// For each keystroke it records, from the keydown event's timestamp:
// - work: until the input event's handlers have finished, rendering included.
//   React 18 (createRoot/hydrateRoot) renders a discrete event's updates in a
//   microtask queued by its listener on the root container (document for the
//   app, #root for the reference page); the browser runs microtasks after each
//   listener, so that render, its commit and (for a discrete update) its
//   passive effects are done before this listener on window runs, and the
//   microtask queued here runs after any microtask they queued;
// - paint: until the frame after the keystroke has been produced
//   (requestAnimationFrame, then a message posted from it runs after paint).
// Event Timing entries (rounded to 8 ms by the browser) are collected too.
export const probeScript = `
(() => {
  const samples = [];
  let pending = null;
  window.__TYPING__ = { samples, eventTimings: [] };
  addEventListener("keydown", (event) => { pending = { start: event.timeStamp }; }, true);
  addEventListener("input", () => {
    const sample = pending;
    if (!sample) return;
    pending = null;
    // Bubble phase on window: after React's root listener and its microtasks.
    queueMicrotask(() => {
      sample.work = performance.now() - sample.start;
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          sample.paint = performance.now() - sample.start;
          samples.push(sample);
        };
        channel.port2.postMessage(null);
      });
    });
  }, false);
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (entry.name === "keydown" || entry.name === "input" || entry.name === "keypress") {
          window.__TYPING__.eventTimings.push({ name: entry.name, duration: entry.duration,
            processing: entry.processingEnd - entry.processingStart });
        }
      }
    }).observe({ type: "event", durationThreshold: 16, buffered: true });
  } catch {}
})();
`;
