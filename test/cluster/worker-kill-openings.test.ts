/**
 * Scenario 3 of issue 22: a worker killed with SIGKILL while openings and mail are due. Six
 * tenders in the three tenants open at the same moment, each telling its eight bidders by e-mail.
 * Just before that moment worker2 is paused (SIGSTOP), so worker1 alone takes the due jobs, and the
 * test locks one notice's row, so that tender's opening waits; once another opening has committed
 * and its notices are going out, worker1 gets SIGKILL, worker2 goes on, the lock is released and
 * worker1 is started again. Every opening happens once (one record, one audit entry, one use of the
 * tender key), every e-mail goes out once (one .eml in the kept outbox: MAIL_OUTBOX=local), and
 * each opening's lateness is printed.
 *
 * Lateness is bounded loosely: a job the killed worker held comes back only when its lock lapses
 * (JOB_LOCK_MS, 30 s by default, unchanged on the cluster) and the next stalled-job check finds it
 * (every 30 s as well), so up to 60 s; 30 s more for a loaded machine makes the bound 90 s.
 */
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { addBidders, type Bidder } from '../support/bidders.js';
import { cluster, clusterPlatform, lb, tenantHandle } from '../support/cluster.js';
import { openingRecordOf, publishedTender, secondAfter, type PublishedTender } from '../support/cluster-tender.js';
import { securityFor } from '../support/tender.js';
import { sleep, until } from '../support/waiting.js';
import { openPlatformQueues } from '../../server/bootstrap.js';
import type { QueueSystem } from '../../server/jobs/queues.js';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import { restartWorker, type ClusterState } from '../../scripts/cluster/index.js';
import { alive } from '../../scripts/cluster/processes.js';

const TENDERS_PER_TENANT = 2;
const BIDDERS_PER_TENDER = 8;
/** Lock (30 s) + stalled-job check interval (30 s) + 30 s for a loaded machine: see above. */
const LATENESS_BOUND_MS = 90_000;

interface Tender extends PublishedTender {
  bidders: Bidder[];
  prices: number[];
}

/** Openings of `tenders` committed so far, and opening notices (mail queued since `due`) sent. */
async function progress(tenders: Tender[], due: Date): Promise<{ opened: number; mailed: number }> {
  const done = { opened: 0, mailed: 0 };
  for (const slug of new Set(tenders.map((t) => t.slug))) {
    const mine = tenders.filter((t) => t.slug === slug);
    const count = (rows: { n: string }[]) => Number(rows[0]!.n);
    await inTenant(await tenantHandle(slug), async (tx) => {
      done.opened += count(
        await tx('tender_openings')
          .whereIn(
            'notice_id',
            mine.map((t) => t.noticeId),
          )
          .count('* as n'),
      );
      done.mailed += count(
        await tx('outbound_emails')
          .whereIn(
            'recipient',
            mine.flatMap((t) => t.bidders.map((b) => b.email)),
          )
          .where('created_at', '>=', due)
          .whereNotNull('sent_at')
          .count('* as n'),
      );
    });
  }
  return done;
}

/**
 * The notice row of `tender` locked by this test (as an officer's own opening would lock it) until
 * the returned release: that tender's opening job is certainly in progress when the worker dies.
 */
async function holdNotice(tender: Tender): Promise<() => Promise<void>> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let locked!: () => void;
  const isLocked = new Promise<void>((resolve) => (locked = resolve));
  const held = inTenant(await tenantHandle(tender.slug), async (tx) => {
    await tx('notices').where({ id: tender.noticeId }).forUpdate().first();
    locked();
    await released;
  });
  await Promise.race([isLocked, held]);
  return async () => {
    release();
    await held;
  };
}

/**
 * SIGKILL for `victim` once it is in the middle of the due work: an opening committed and its
 * notices being sent (or 8 s past the due time at most). `other` stays paused until then, so the
 * victim holds what fell due: the other openings, the rest of the mail.
 */
async function killWhenBusy(victim: number, other: number, tenders: Tender[], due: Date, queues: QueueSystem) {
  process.kill(other, 'SIGSTOP');
  try {
    await until(async () => (await progress(tenders, due)).mailed > 0 || Date.now() > due.getTime() + 8000, 30_000);
    process.kill(victim, 'SIGKILL');
    const killedAt = Date.now();
    // Jobs still active now are the dead worker's (the other one is paused): what the kill caught.
    const held = {
      openings: (await queues.queues.critical.getJobCounts('active')).active ?? 0,
      mails: (await queues.queues.notifications.getJobCounts('active')).active ?? 0,
    };
    return { killedAt, held, before: await progress(tenders, due) };
  } finally {
    process.kill(other, 'SIGCONT');
  }
}

/** One tender's opening as stored: records, audit entries, key uses, lateness, and its bidders' mail. */
async function storedOf(tender: Tender) {
  return inTenant(await tenantHandle(tender.slug), async (tx) => {
    const openings = await tx('tender_openings as o')
      .join('notices as n', 'n.id', 'o.notice_id')
      .where('o.notice_id', tender.noticeId)
      .select<{ opened_at: Date; opening_at: Date }[]>('o.opened_at', 'n.opening_at');
    const audit = await tx('audit_entries')
      .where({ target_type: 'notice', target_id: tender.noticeId })
      .whereIn('action', ['tender.opened', 'tender.failed', 'tender-key.used'])
      .pluck<string[]>('action');
    const mails = await tx('outbound_emails')
      .whereIn(
        'recipient',
        tender.bidders.map((b) => b.email),
      )
      .select<{ id: string; recipient: string; created_at: Date; sent_at: Date | null }[]>();
    return { openings, audit, mails };
  });
}

describe('cluster: a worker killed while openings and mail are due', function () {
  this.timeout(6 * 60_000);
  let state: ClusterState;
  let queues: QueueSystem;
  before(async function () {
    this.timeout(5 * 60_000);
    state = await cluster();
    queues = openPlatformQueues(await clusterPlatform());
  });
  after(() => queues?.close());

  it('opens each tender once and sends each e-mail once, the killed worker’s jobs taken over', async () => {
    const slugs = Object.keys(state.tenants);
    // Time to publish six tenders and send 48 bids (about 15 s on a shared machine of two cores).
    const deadline = secondAfter(35_000);
    const tenders: Tender[] = (
      await Promise.all(
        slugs.map(async (slug) => {
          const bidders = await addBidders(await tenantHandle(slug), TENDERS_PER_TENANT * BIDDERS_PER_TENDER, 'OPN');
          return Promise.all(
            Array.from({ length: TENDERS_PER_TENANT }, async (_, n) => ({
              ...(await publishedTender(state, slug, deadline, `Openings ${slug} ${n + 1}`)),
              bidders: bidders.slice(n * BIDDERS_PER_TENDER, (n + 1) * BIDDERS_PER_TENDER),
              prices: Array.from({ length: BIDDERS_PER_TENDER }, (_b, i) => 88_000_000 + i * 100_000 + n * 10_000),
            })),
          );
        }),
      )
    ).flat();
    await Promise.all(
      tenders.flatMap((tender) =>
        tender.bidders.map(async (bidder, i) => {
          const price = tender.prices[i]!;
          const res = await lb(state)
            .post(`/t/${tender.slug}/api/v1/notices/${tender.noticeId}/bids`)
            .set(bidder.auth)
            .send({ price, bidSecurityAmount: securityFor(price), picks: [1, 2] });
          assert.equal(res.status, 201, `${tender.slug} bid: ${JSON.stringify(res.body)}`);
        }),
      ),
    );
    process.stdout.write(
      `      margin before the due time: ${((deadline.getTime() - Date.now()) / 1000).toFixed(1)} s\n`,
    );
    assert.ok(Date.now() < deadline.getTime() - 3000, 'the bids were in before the deadline');

    // worker2 paused just before the due time: worker1 alone takes what falls due.
    const [first, second] = state.workers as [{ pid: number }, { pid: number }];
    await sleep(deadline.getTime() - 2000 - Date.now());
    const victim = first.pid;
    const release = await holdNotice(tenders[0]!);
    const { killedAt, held, before } = await killWhenBusy(victim, second.pid, tenders, deadline, queues).finally(
      release,
    );
    await sleep(1000);
    restartWorker(state, 0);
    process.stdout.write(
      `      worker1 killed ${((killedAt - deadline.getTime()) / 1000).toFixed(1)} s after the due time, ` +
        `${before.opened}/${tenders.length} openings committed and ${before.mailed} of their notices sent before; ` +
        `it held ${held.openings} critical and ${held.mails} notification jobs\n`,
    );
    assert.ok(!alive(victim), 'the killed worker is gone');
    // The held notice's opening was in the dead worker's hands: the recovery below is exercised.
    assert.ok(held.openings >= 1, 'the killed worker held an opening');

    // Every tender is opened, once, its bids with their prices.
    for (const tender of tenders) {
      const opening = await openingRecordOf(
        state,
        tender,
        deadline.getTime() + LATENESS_BOUND_MS + 30_000 - Date.now(),
      );
      assert.equal(opening.outcome, 'opened');
      assert.deepEqual(
        opening.bids.map((b) => b.price).sort((a, b) => a! - b!),
        [...tender.prices].sort((a, b) => a - b),
      );
      assert.ok(opening.bids.every((b) => b.hashVerified));
    }
    // And every e-mail sent: a receipt and an opening notice for each bidder.
    const mailsSent = async () => {
      for (const tender of tenders) {
        const { mails } = await storedOf(tender);
        if (mails.length < 2 * BIDDERS_PER_TENDER || mails.some((m) => !m.sent_at)) return false;
      }
      return true;
    };
    await until(mailsSent, LATENESS_BOUND_MS + 30_000);

    const lateness: string[] = [];
    let lateMail = 0;
    for (const tender of tenders) {
      const { openings, audit, mails } = await storedOf(tender);
      assert.equal(openings.length, 1, `${tender.slug}: one opening record`);
      assert.deepEqual(audit.sort(), ['tender-key.used', 'tender.opened'], `${tender.slug}: audit of the opening`);
      const late = openings[0]!.opened_at.getTime() - openings[0]!.opening_at.getTime();
      lateness.push(`${tender.slug} ${(late / 1000).toFixed(1)} s`);
      assert.ok(late >= 0 && late < LATENESS_BOUND_MS, `${tender.slug} opened ${late} ms late`);

      // Two e-mails per bidder, each delivered into the kept outbox exactly once.
      for (const bidder of tender.bidders)
        assert.equal(mails.filter((m) => m.recipient === bidder.email).length, 2, `${bidder.email} mails`);
      const files = await readdir(path.join(state.layout.dir, 'data', 'outbox', tender.slug));
      for (const mail of mails) {
        assert.equal(files.filter((f) => f.endsWith(`-${mail.id}.eml`)).length, 1, `${mail.id} delivered once`);
        if (mail.sent_at!.getTime() - mail.created_at.getTime() > 10_000) lateMail++;
      }
    }
    process.stdout.write(`      opening lateness: ${lateness.join(', ')}\n`);
    process.stdout.write(`      e-mails sent more than 10 s after they were queued: ${lateMail}\n`);
    assert.ok(
      state.workers.every((w) => alive(w.pid)),
      'both workers run',
    );
  });
});
