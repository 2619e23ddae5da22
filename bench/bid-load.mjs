// The suppliers' side of the deadline spike, in its own thread (suppliers are remote clients, so
// the server under test does not pay for their HTTP work): every bidder submits at once, one
// round each time the benchmark asks; reports the round's wall time, latencies and receipts. Plain node:http with
// keep-alive, as a supplier's client would hold its connection: fetch costs this machine's other
// core three times as much CPU, which PostgreSQL needs.
import { Buffer } from 'node:buffer';
import http from 'node:http';
import { URL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';

const { base, noticeId, slug, auths, idleMs } = workerData;
// idleMs: a connection idle that long is closed by us first, before a server's own keep-alive
// timeout (Node's 5 s) closes it just as a bid goes out on it.
const agent = new http.Agent({ keepAlive: true, maxSockets: auths.length, ...(idleMs ? { timeout: idleMs } : {}) });
const server = new URL(base);

function post(path, headers, body) {
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: server.hostname,
        port: server.port,
        path,
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) },
      },
      (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode, body: JSON.parse(Buffer.concat(chunks).toString()) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

// One round per request from the benchmark, which interleaves them with the direct rounds so
// that both see the same machine (a shared host's speed drifts within seconds).
parentPort.on('message', async ({ round }) => {
  if (round === undefined) {
    agent.destroy();
    parentPort.close();
    return;
  }
  const t0 = performance.now();
  const bids = await Promise.all(
    auths.map(async (auth, i) => {
      const price = 95_000_000 + i * 1000 + round;
      const start = performance.now();
      const { status, body } = await post(
        `/t/${slug}/api/v1/notices/${noticeId}/bids`,
        { authorization: auth },
        { price, bidSecurityAmount: Math.ceil(price / 20), picks: [1 + (i % 15), 1 + ((i + 5) % 15)] },
      );
      if (status !== 201 || !body.receiptNo) throw new Error(`bid refused: ${status} ${JSON.stringify(body)}`);
      return { ms: performance.now() - start, receipt: body.receiptNo };
    }),
  );
  parentPort.postMessage({ wallMs: performance.now() - t0, bids });
});
