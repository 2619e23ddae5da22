/**
 * Scenario 6 of issue 22: the disk under PostgreSQL full. Uploaded documents are stored in the
 * database, so korea's documents table on the second server is moved into a tablespace on a small
 * tmpfs, the tmpfs is filled nearly full, and documents are uploaded through the load balancer until
 * PostgreSQL refuses (SQLSTATE 53100, disk_full). The app answers 507 problem+json in the reader's
 * language, never a 500; the refused upload left nothing (no document, no audit entry); vietnam on
 * the same server and kurdistan on the first upload as usual; once the filler is dropped, korea
 * uploads again. Where a tmpfs cannot be mounted (not root) the test says so and raises 53100 inside
 * the server with a trigger instead.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chownSync, mkdirSync, rmSync, statfsSync } from 'node:fs';
import path from 'node:path';
import { cluster, lb, officerToken } from '../support/cluster.js';
import { adminQuery, draftTender, wholeMinuteAfter } from '../support/cluster-tender.js';
import { TENDER_PDF } from '../support/documents.js';
import type { ClusterState } from '../../scripts/cluster/index.js';
import { alive, run } from '../../scripts/cluster/processes.js';

const FULL = 'korea';
const TABLE = `tenant_${FULL}.notice_documents`;
const TABLESPACE = 'cluster_full_disk';
const FILLER = 'public.cluster_disk_filler';

/** A PDF the upload check accepts, padded with `bytes` that do not compress. */
const pdf = (bytes: number) => Buffer.concat([TENDER_PDF, randomBytes(bytes)]);

interface Refusal {
  status: number;
  type?: string;
  title?: string;
  contentType?: string;
}

describe('cluster: the disk under PostgreSQL full while documents are uploaded', function () {
  this.timeout(5 * 60_000);
  let state: ClusterState;
  let mountDir: string | undefined;
  let mounted = false;
  let admin: (sql: string, params?: unknown[]) => Promise<unknown[]>;
  before(async function () {
    this.timeout(5 * 60_000);
    state = await cluster();
    const server = state.servers[state.tenants[FULL]! - 1]!;
    admin = (sql, params) => adminQuery(server.adminUrl, sql, params);
  });
  // Everything put back, whatever happened: the files after this one use the same cluster.
  after(async function () {
    this.timeout(60_000);
    if (!admin) return;
    const steps = [
      `drop table if exists ${FILLER}`,
      `drop trigger if exists disk_is_full on ${TABLE}`,
      `drop function if exists tenant_${FULL}.disk_is_full()`,
      `alter table ${TABLE} set tablespace pg_default`,
      `drop tablespace if exists ${TABLESPACE}`,
    ];
    for (const sql of steps) await admin(sql).catch(() => undefined);
    if (mounted) run('umount', [mountDir!]);
    if (mountDir) rmSync(mountDir, { recursive: true, force: true });
  });

  /** A real disk nearly full: a 64 MB tmpfs as korea's documents tablespace, filled but a megabyte and a half. */
  async function fillADisk(): Promise<boolean> {
    mountDir = path.join(state.layout.dir, 'full-disk');
    mkdirSync(mountDir, { recursive: true });
    try {
      run('mount', ['-t', 'tmpfs', '-o', 'size=64m,mode=0755', 'tmpfs', mountDir]);
      mounted = true;
    } catch (error) {
      process.stdout.write(
        `      could not mount a tmpfs (${(error as Error).message.split('\n')[0]}): ` +
          `proving the mapping with 53100 raised inside the server by a trigger instead\n`,
      );
      return false;
    }
    const location = path.join(mountDir, 'pg');
    mkdirSync(location, { mode: 0o700 });
    chownSync(location, Number(run('id', ['-u', 'postgres']).trim()), Number(run('id', ['-g', 'postgres']).trim()));
    await admin(`create tablespace ${TABLESPACE} location '${location}'`);
    await admin(`alter table ${TABLE} set tablespace ${TABLESPACE}`);
    await admin(`create table ${FILLER} (b bytea) tablespace ${TABLESPACE}`);
    // Stored as given: the filler must take the room it looks like it takes.
    await admin(`alter table ${FILLER} alter column b set storage external`);
    const free = () => {
      const disk = statfsSync(location);
      return disk.bavail * disk.bsize;
    };
    let megabytes = 0;
    while (free() > 1.5 * 1024 * 1024) {
      await admin(`insert into ${FILLER} values ($1)`, [randomBytes(1024 * 1024)]);
      megabytes++;
    }
    process.stdout.write(
      `      tmpfs of 64 MB mounted, filled with ${megabytes} MB, ${(free() / 1024).toFixed(0)} KB left\n`,
    );
    return true;
  }

  async function raiseInsideTheServer(): Promise<void> {
    await admin(`
      create function tenant_${FULL}.disk_is_full() returns trigger language plpgsql as $$
      begin
        raise exception 'could not extend file: No space left on device' using errcode = '53100';
      end $$;
      create trigger disk_is_full before insert on ${TABLE}
        for each row execute function tenant_${FULL}.disk_is_full();`);
  }

  it('answers 507 problem+json, stores nothing of the refused upload, spares the others, and recovers', async () => {
    const openingAt = wholeMinuteAfter(24 * 3600_000);
    const slugs = Object.keys(state.tenants);
    const officers = Object.fromEntries(
      await Promise.all(slugs.map(async (slug) => [slug, await officerToken(state, slug)] as const)),
    );
    const drafts = Object.fromEntries(
      await Promise.all(
        slugs.map(async (slug) => [slug, await draftTender(state, slug, officers[slug]!, openingAt)] as const),
      ),
    );
    const upload = (slug: string, file: Buffer, name: string) =>
      lb(state)
        .post(`/t/${slug}/api/v1/notices/${drafts[slug]}/documents`)
        .set(officers[slug]!)
        .set('Accept-Language', 'ko')
        .attach('documents', file, name);
    const stored = async () => {
      const [row] = await admin(
        `select (select count(*)::int from ${TABLE} where notice_id = $1) as documents,
                (select count(*)::int from tenant_${FULL}.audit_entries
                  where action = 'notice.documents-uploaded' and target_id = $1::text) as audit`,
        [drafts[FULL]],
      );
      return row as { documents: number; audit: number };
    };

    const pids = [...state.web, ...state.workers].map((p) => p.pid);
    const real = await fillADisk();
    if (!real) await raiseInsideTheServer();

    // Uploads of 256 KB until the server refuses one.
    let accepted = 0;
    let refusal: Refusal | undefined;
    for (let i = 1; i <= 40 && !refusal; i++) {
      const res = await upload(FULL, pdf(256 * 1024), `full-${i}.pdf`);
      if (res.status === 201) accepted++;
      else
        refusal = {
          status: res.status,
          type: res.body?.type as string | undefined,
          title: res.body?.title as string | undefined,
          contentType: String(res.headers['content-type']),
        };
    }
    process.stdout.write(`      ${accepted} uploads of 256 KB stored before the refusal: ${JSON.stringify(refusal)}\n`);
    assert.ok(refusal, 'no upload was refused: the disk never filled');
    assert.equal(refusal.status, 507);
    assert.match(refusal.contentType!, /^application\/problem\+json/);
    assert.equal(refusal.type, 'urn:koneps:problem:storage_full');
    assert.equal(refusal.title, '지금은 저장할 수 없습니다');
    // Rolled back whole: the accepted uploads and their audit entries, nothing of the refused one.
    assert.deepEqual(await stored(), { documents: accepted, audit: accepted });

    // The same server's other tenant and the other server upload as usual meanwhile.
    for (const slug of slugs.filter((s) => s !== FULL)) {
      const res = await upload(slug, pdf(256 * 1024), 'elsewhere.pdf');
      assert.equal(res.status, 201, `${slug}: ${res.status} ${JSON.stringify(res.body)}`);
    }

    // Room again: korea uploads again.
    if (real) await admin(`drop table ${FILLER}`);
    else await admin(`drop trigger disk_is_full on ${TABLE}`);
    const again = await upload(FULL, pdf(256 * 1024), 'room-again.pdf');
    assert.equal(again.status, 201, JSON.stringify(again.body));
    assert.deepEqual(await stored(), { documents: accepted + 1, audit: accepted + 1 });
    assert.deepEqual(
      pids.map((pid) => alive(pid)),
      pids.map(() => true),
      'a web or worker process died',
    );
  });
});
