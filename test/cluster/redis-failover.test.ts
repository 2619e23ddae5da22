/**
 * Scenario 4 of issue 22: the Redis master holding the queues (the slot of `{koneps}`) killed with
 * SIGKILL a few seconds before openings in all three tenants fall due. Its replica takes over
 * (cluster-node-timeout 3 s); the web and worker processes carry on without a restart; every tender
 * opens once and every e-mail goes out once. Redis replicates asynchronously, so a failover may lose
 * the last jobs written: one opening job and one e-mail's delivery job are taken out of the queue
 * here as such a loss would, and the workers' reconcile of overdue work brings them back from
 * PostgreSQL. Afterwards the killed node is started again and rejoins as a replica.
 */
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { cluster, lb, officerToken } from '../support/cluster.js';
import { adminQuery, secondAfter, tenderWithBids, type PublishedTender } from '../support/cluster-tender.js';
import { sleep, until } from '../support/waiting.js';
import { openQueues } from '../../server/jobs/queues.js';
import type { ClusterState } from '../../scripts/cluster/index.js';
import { alive } from '../../scripts/cluster/processes.js';
import {
  clusterRoles,
  keySlot,
  ping,
  redisCli,
  redisPid,
  slotMaster,
  startRedisNode,
} from '../../scripts/cluster/redis.js';

const clusterOk = (port: number) => {
  try {
    return redisCli(port, 'cluster', 'info').includes('cluster_state:ok');
  } catch {
    return false;
  }
};

/** The node on `port` started again; waits until it is a replica in sync and every node says ok. */
async function rejoin(state: ClusterState, port: number): Promise<void> {
  startRedisNode(state.layout.dir, port);
  await until(
    () =>
      Promise.resolve(
        ping(port) &&
          clusterRoles(port).get(port) === 'replica' &&
          redisCli(port, 'info', 'replication').includes('master_link_status:up') &&
          state.redisPorts.every(clusterOk),
      ),
    60_000,
  );
}

/** Removes a job from the queues as an unreplicated write is lost in a failover. */
async function loseJob(state: ClusterState, queue: 'critical' | 'notifications', id: string): Promise<void> {
  const queues = openQueues({
    databaseUrl: '',
    redisClusterNodes: state.redisPorts.map((port) => ({ host: '127.0.0.1', port })),
    prefix: state.secrets.queuePrefix,
  });
  try {
    await until(async () => Boolean(await queues.queues[queue].getJob(id)), 30_000);
    await (await queues.queues[queue].getJob(id))!.remove();
  } finally {
    await queues.close();
  }
}

const NO_ID = '00000000-0000-0000-0000-000000000000';
const serverOf = (state: ClusterState, slug: string) => state.servers[state.tenants[slug]! - 1]!;

describe('cluster: the Redis master of the queues killed while openings and mail are due', function () {
  this.timeout(6 * 60_000);
  let state: ClusterState;
  let killed: number | undefined;
  before(async function () {
    this.timeout(5 * 60_000);
    state = await cluster();
  });
  // Whatever happened, the cluster is whole again for the files after this one.
  after(async function () {
    this.timeout(90_000);
    if (killed !== undefined && !ping(killed)) await rejoin(state, killed);
  });

  it('fails over to the replica; every tender opens once and every e-mail goes out once, no restart', async () => {
    const slugs = Object.keys(state.tenants);
    const pids = [...state.web, ...state.workers].map((p) => p.pid);
    const since = new Map<string, Date>();
    for (const slug of slugs)
      since.set(slug, (await adminQuery<{ now: Date }>(serverOf(state, slug).adminUrl, 'select now()'))[0]!.now);

    const slot = keySlot(state.redisPorts[0]!, 'koneps');
    const victim = slotMaster(state.redisPorts[0]!, slot);
    assert.ok(victim, `no master serves slot ${slot}`);

    const openingAt = secondAfter(50_000);
    const tenders: PublishedTender[] = await Promise.all(
      slugs.map((slug, i) => tenderWithBids(state, slug, openingAt, [90_000_000, 95_000_000], `RFO${i}`)),
    );
    // One opening job lost, as if its write never reached the replica.
    const lost = tenders[1]!;
    await loseJob(state, 'critical', `open-${lost.slug}-${lost.noticeId}-r0`);
    // One e-mail whose delivery job was relayed and lost the same way (the outbox row is relayed).
    const mailSlug = slugs[2]!;
    const [planted] = await adminQuery<{ id: string }>(
      serverOf(state, mailSlug).adminUrl,
      `insert into tenant_${mailSlug}.outbound_emails (recipient, locale, subject, body_text, created_at)
       values ('lost-in-failover@example.org', 'en', 'Lost in a failover', 'Delivered once.', now() - interval '2 minutes')
       returning id`,
    );

    await sleep(Math.max(0, openingAt.getTime() - 3000 - Date.now()));
    const killedAt = Date.now();
    process.kill(redisPid(state.layout.dir, victim), 'SIGKILL');
    killed = victim;
    const survivor = state.redisPorts.find((p) => p !== victim)!;
    await until(() => {
      const master = slotMaster(survivor, slot);
      return Promise.resolve(master !== undefined && master !== victim && clusterOk(survivor));
    }, 60_000);
    const promoted = slotMaster(survivor, slot)!;
    process.stdout.write(
      `      master ${victim} killed ${((openingAt.getTime() - killedAt) / 1000).toFixed(1)} s before the openings; ` +
        `replica ${promoted} took over after ${((Date.now() - killedAt) / 1000).toFixed(1)} s\n`,
    );

    // Every tender opened, every e-mail written since the start sent (the bidders' receipts and
    // opening notices, and the planted one).
    const unsent = async () => {
      let count = 0;
      for (const slug of slugs)
        count += (
          await adminQuery<{ id: string }>(
            serverOf(state, slug).adminUrl,
            `select id from tenant_${slug}.outbound_emails where (created_at >= $1 or id = $2) and sent_at is null`,
            [since.get(slug), slug === mailSlug ? planted!.id : NO_ID],
          )
        ).length;
      return count;
    };
    const unopened = async () => {
      let count = 0;
      for (const t of tenders)
        count += (
          await adminQuery(
            serverOf(state, t.slug).adminUrl,
            `select 1 from tenant_${t.slug}.notices where id = $1 and opened_at is null`,
            [t.noticeId],
          )
        ).length;
      return count;
    };
    await until(async () => (await unopened()) === 0 && (await unsent()) === 0, 150_000);
    // Time for a duplicate to show, if any were coming.
    await sleep(3000);

    for (const t of tenders) {
      const url = serverOf(state, t.slug).adminUrl;
      const [counts] = await adminQuery<{ openings: number; audit: number; late: number }>(
        url,
        `select (select count(*)::int from tenant_${t.slug}.tender_openings where notice_id = $1) as openings,
                (select count(*)::int from tenant_${t.slug}.audit_entries
                  where target_id = $1::text and action in ('tender.opened', 'tender.failed')) as audit,
                (select extract(epoch from opened_at - opening_at)::float from tenant_${t.slug}.notices where id = $1) as late`,
        [t.noticeId],
      );
      process.stdout.write(
        `      ${t.slug}: opened ${counts!.late.toFixed(1)} s after its time${t === lost ? ' (its job was lost)' : ''}\n`,
      );
      assert.deepEqual({ openings: counts!.openings, audit: counts!.audit }, { openings: 1, audit: 1 }, t.slug);
    }
    let mails = 0;
    for (const slug of slugs) {
      const rows = await adminQuery<{ id: string }>(
        serverOf(state, slug).adminUrl,
        `select id from tenant_${slug}.outbound_emails where created_at >= $1 or id = $2`,
        [since.get(slug), slug === mailSlug ? planted!.id : NO_ID],
      );
      const files = await readdir(path.join(state.layout.dir, 'data', 'outbox', slug));
      for (const row of rows)
        assert.equal(files.filter((f) => f.endsWith(`-${row.id}.eml`)).length, 1, `${slug} e-mail ${row.id}`);
      mails += rows.length;
    }
    // Two bidders per tender are told of the opening; the planted one.
    assert.ok(mails >= tenders.length * 2 + 1, `${mails} e-mails`);
    process.stdout.write(`      ${mails} e-mails, each delivered once\n`);

    // The same processes, ready, their Redis connections on the new master (a token is rate-limited there).
    assert.deepEqual(
      pids.map((pid) => alive(pid)),
      pids.map(() => true),
      'a web or worker process died',
    );
    for (const web of state.web) {
      const res = await fetch(`http://127.0.0.1:${web.port}/readyz`);
      assert.equal(res.status, 200, `web on ${web.port}: ${await res.text()}`);
    }
    assert.equal((await lb(state).get('/readyz')).status, 200);
    await officerToken(state, slugs[0]!);

    await rejoin(state, victim);
    assert.equal(clusterRoles(survivor).get(victim), 'replica');
    killed = undefined;
  });
});
