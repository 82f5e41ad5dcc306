// A load generator in its own thread, so that what is measured is the server's latency, not the time the
// server's event loop spends being its own client. Connections are opened (and kept alive) before the
// burst, so the figure is the ack, not TCP setup; then every request goes at once.
import { Agent, request } from "node:http";
import { parentPort, workerData } from "node:worker_threads";

interface Request {
  url: string;
  headers: Record<string, string>;
  body: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

function post(r: Request): Promise<{ ms: number; status: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(r.url, { method: "POST", headers: r.headers, agent }, (res) => {
      res.resume();
      res.on("end", () => resolve({ ms: performance.now() - started, status: res.statusCode ?? 0 }));
    });
    req.on("error", reject);
    req.end(r.body);
  });
}

const { requests, warmup } = workerData as { requests: Request[]; warmup: Request[] };
await Promise.all(warmup.map(post));
parentPort?.postMessage(await Promise.all(requests.map(post)));
