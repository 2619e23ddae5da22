// The readers' side of the page benchmark, in its own thread (readers are remote clients): a few
// keep-alive connections ask for one URL back to back for a set time, each time the benchmark asks;
// reports how many answers came back (all must be 200) and their latencies.
import http from 'node:http';
import { URL } from 'node:url';
import { parentPort } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function get(url, headers) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { agent, host: url.hostname, port: url.port, path: url.pathname + url.search, method: 'GET', headers },
      (res) => {
        let bytes = 0;
        res.on('data', (chunk) => (bytes += chunk.length));
        res.on('end', () => resolve({ status: res.statusCode, bytes }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

parentPort.on('message', async ({ url, headers, connections, ms }) => {
  if (url === undefined) {
    agent.destroy();
    parentPort.close();
    return;
  }
  const target = new URL(url);
  const latencies = [];
  let bytes = 0;
  const started = performance.now();
  const stopAt = started + ms;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < stopAt) {
        const t0 = performance.now();
        const res = await get(target, headers);
        if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
        latencies.push(performance.now() - t0);
        bytes += res.bytes;
      }
    }),
  ).then(
    () => parentPort.postMessage({ wallMs: performance.now() - started, latencies, bytes }),
    (error) => parentPort.postMessage({ error: String(error) }),
  );
});
