/**
 * Scenario 5 of issue 22: the second PostgreSQL server stopped (fast shutdown) and started again
 * while requests flow through the load balancer to all three tenants. Meanwhile its tenants answer
 * 503 with Retry-After, never a 500 or a hang; the primary's tenant answers 200 throughout; after
 * the start everything answers again, a write included, with the same web processes.
 */
import assert from 'node:assert/strict';
import { cluster, lb, officerToken } from '../support/cluster.js';
import { sleep, until } from '../support/waiting.js';
import { pgCtl } from '../../scripts/cluster/postgres.js';
import { alive } from '../../scripts/cluster/processes.js';
import type { ClusterState } from '../../scripts/cluster/index.js';

interface Answer {
  slug: string;
  at: number;
  status: number;
  retryAfter?: string;
  ms: number;
}

/** One request every `everyMs` per tenant (not waiting for the previous), until `stop` is set. */
function traffic(state: ClusterState, slugs: string[], everyMs: number) {
  const answers: Answer[] = [];
  const inFlight: Promise<void>[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      for (const slug of slugs) {
        const at = Date.now();
        inFlight.push(
          (async () => {
            const res = await lb(state).get(`/t/${slug}/api/v1/notices`).timeout(30_000);
            answers.push({ slug, at, status: res.status, retryAfter: res.headers['retry-after'], ms: Date.now() - at });
          })().catch(() => {
            answers.push({ slug, at, status: 0, ms: Date.now() - at });
          }),
        );
      }
      await sleep(everyMs);
    }
  })();
  return {
    answers,
    async stop() {
      stopped = true;
      await loop;
      await Promise.all(inFlight);
    },
  };
}

describe('cluster: one PostgreSQL server restarted while requests flow', function () {
  this.timeout(4 * 60_000);
  let state: ClusterState;
  before(async function () {
    this.timeout(5 * 60_000);
    state = await cluster();
  });

  it("answers 503 with Retry-After for that server's tenants only, and recovers without restarting the app", async () => {
    const slugs = Object.keys(state.tenants);
    const placed = slugs.filter((s) => state.tenants[s] === 2);
    const primary = slugs.filter((s) => state.tenants[s] === 1);
    const second = state.servers[1]!;
    const pids = [...state.web, ...state.workers].map((p) => p.pid);

    const flow = traffic(state, slugs, 100);
    await sleep(1500);
    const downAt = Date.now();
    pgCtl(second, 'stop');
    await sleep(5000);
    pgCtl(second, 'start');
    const upAt = Date.now();
    // Recovered: each placed tenant answers 200 again through the load balancer.
    const recovered = () => {
      const recent = flow.answers.filter((a) => a.at > upAt && placed.includes(a.slug) && a.status === 200);
      return Promise.resolve(placed.every((slug) => recent.some((a) => a.slug === slug)));
    };
    await until(recovered, 30_000);
    await sleep(1000);
    await flow.stop();

    const summary = (list: Answer[]) =>
      JSON.stringify(
        Object.entries(
          list.reduce<Record<string, number>>((acc, a) => {
            const key = `${a.slug} ${a.status}`;
            acc[key] = (acc[key] ?? 0) + 1;
            return acc;
          }, {}),
        ),
      );
    const all = flow.answers;
    process.stdout.write(`      answers by tenant and status: ${summary(all)}\n`);
    // The primary's tenant never noticed.
    const primaryAnswers = all.filter((a) => primary.includes(a.slug));
    assert.ok(primaryAnswers.length > 50, summary(all));
    assert.ok(
      primaryAnswers.every((a) => a.status === 200),
      `primary tenants: ${summary(primaryAnswers)}`,
    );
    for (const slug of placed) {
      const mine = all.filter((a) => a.slug === slug);
      const refused = mine.filter((a) => a.status !== 200);
      // Every answer is a 200 or a 503 that says when to come back: no 500, no dropped request.
      assert.ok(
        refused.every((a) => a.status === 503 && Number(a.retryAfter) > 0),
        `${slug}: ${summary(mine)} ${JSON.stringify(refused.filter((a) => a.status !== 503).slice(0, 3))}`,
      );
      assert.ok(refused.length > 0, `${slug} was never refused while its server was down: ${summary(mine)}`);
      // Refused only while the server was down (requests sent before it came back).
      assert.ok(
        refused.every((a) => a.at >= downAt - 200 && a.at <= upAt + 5000),
        `${slug} refused outside the window`,
      );
      assert.ok(
        mine.some((a) => a.at > upAt && a.status === 200),
        `${slug} did not recover: ${summary(mine)}`,
      );
      // No request hung on the stopped server for long.
      assert.ok(
        Math.max(...mine.map((a) => a.ms)) < 20_000,
        `${slug} slowest ${Math.max(...mine.map((a) => a.ms))} ms`,
      );
    }

    // A write on a placed tenant after the restart (a sign-in, audited), same processes as before.
    await officerToken(state, placed[0]!);
    assert.deepEqual(
      pids.map((pid) => alive(pid)),
      pids.map(() => true),
      'a web or worker process died',
    );
    const ready = await lb(state).get('/readyz');
    assert.equal(ready.status, 200);
    assert.equal(ready.body.checks['database:SECOND_DATABASE_URL'], 'ok');
  });
});
