// What the benches share: percentiles, a readable duration, and a load client in a worker thread, so that
// what is measured is the server's latency, not the time its event loop spends being its own client.
import { Worker } from "node:worker_threads";

export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

export const ms = (v: number) => `${v.toFixed(v < 10 ? 2 : 1)} ms`;

export interface LoadRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** Runs the load client in a worker thread; it answers with each request's round trip. */
export function inWorker(requests: LoadRequest[], warmup: LoadRequest[]) {
  const ts = import.meta.url.endsWith(".ts");
  const file = new URL(`./load-client.${ts ? "ts" : "js"}`, import.meta.url);
  return new Promise<Array<{ ms: number; status: number }>>((resolve, reject) => {
    const worker = new Worker(file, {
      workerData: { requests, warmup },
      execArgv: ts ? ["--import", "tsx"] : [],
    });
    worker.once("message", resolve);
    worker.once("error", reject);
  });
}
