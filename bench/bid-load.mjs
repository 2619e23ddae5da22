// The suppliers' side of the deadline spike, in its own thread (suppliers are remote clients, so
// the server under test does not pay for their HTTP work): every bidder submits at once, round
// after round; reports each round's wall time, latencies and receipts.
import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';

const { base, noticeId, slug, auths, rounds } = workerData;
const results = [];
for (let round = 0; round < rounds; round++) {
  const t0 = performance.now();
  const bids = await Promise.all(
    auths.map(async (auth, i) => {
      const price = 95_000_000 + i * 1000 + round;
      const start = performance.now();
      const res = await fetch(`${base}/t/${slug}/api/v1/notices/${noticeId}/bids`, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/json' },
        body: JSON.stringify({
          price,
          bidSecurityAmount: Math.ceil(price / 20),
          picks: [1 + (i % 15), 1 + ((i + 5) % 15)],
        }),
      });
      const body = await res.json();
      if (res.status !== 201 || !body.receiptNo) throw new Error(`bid refused: ${res.status} ${JSON.stringify(body)}`);
      return { ms: performance.now() - start, receipt: body.receiptNo };
    }),
  );
  results.push({ wallMs: performance.now() - t0, bids });
}
parentPort.postMessage(results);
