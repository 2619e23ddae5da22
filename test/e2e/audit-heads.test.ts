import assert from 'node:assert/strict';
import { createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { blockHash, entryHash, GENESIS_HASH, merkleRoot } from '../../server/audit/hashing.js';
import { contentOf, type EntryRow } from '../../server/audit/rows.js';
import { sealTenant } from '../../server/audit/sealer.js';
import { AuditTrail, SYSTEM_ACTOR } from '../../server/audit/trail.js';
import { auditVerificationJob } from '../../server/audit/verification-job.js';
import type { JobContext } from '../../server/jobs/runner.js';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import type { TenantHandle } from '../../server/tenancy/tenant-handle.js';
import { asSuperuser, npmRun } from '../support/cli.js';
import { signIn } from '../support/session.js';
import { testEnv, testPlatform, type TestPlatform } from '../support/platform.js';

interface HeadsPage {
  tenant: string;
  keys: { keyId: string; algorithm: string; publicKey: string }[];
  heads: { slug: string; blockNo: number; blockHash: string; sig: string; keyId: string }[];
  nextAfter: number | null;
}

/** Records `count` entries and seals each into its own block; `sign` decides whether the sealer signs. */
async function blocksOf(platform: TestPlatform, tenant: TenantHandle, count: number, sign: boolean): Promise<void> {
  const audit = new AuditTrail({ nudge: () => {} });
  for (let i = 0; i < count; i++) {
    await inTenant(tenant, (tx) => audit.record(tx, tenant, SYSTEM_ACTOR, { action: `test.heads-${i}` }));
    await sealTenant(tenant, sign ? { keys: platform.keys } : {});
  }
}

describe('signed audit heads', function () {
  // The CLI cases start processes that compile and boot the platform: slow on a busy machine.
  this.timeout(240_000);
  let platform: TestPlatform;
  const tenantOf = async () => (await platform.tenancy.resolve((await platform.createTenant('korea')).slug))!;

  before(async () => {
    platform = await testPlatform();
  });
  after(() => platform.close());

  it('publishes the heads page by page, each signature verifying with the published key', async () => {
    const tenant = await tenantOf();
    await blocksOf(platform, tenant, 5, true);
    const app = await platform.app();
    const heads: HeadsPage['heads'] = [];
    let after = 0;
    const pages: number[] = [];
    for (;;) {
      const page = (await request(app).get(`/t/${tenant.slug}/api/v1/audit/heads?after=${after}&limit=2`).expect(200))
        .body as HeadsPage;
      assert.equal(page.tenant, tenant.slug);
      heads.push(...page.heads);
      pages.push(page.heads.length);
      if (page.nextAfter === null) break;
      after = page.nextAfter;
    }
    assert.deepEqual(pages, [2, 2, 1]);
    assert.deepEqual(
      heads.map((h) => h.blockNo),
      [1, 2, 3, 4, 5],
    );
    const { keys } = (await request(app).get(`/t/${tenant.slug}/api/v1/audit/heads`).expect(200)).body as HeadsPage;
    assert.equal(keys.length, 1);
    const [published] = keys;
    assert.equal(published!.algorithm, 'Ed25519');
    // Built from the published raw key alone, as an outside verifier would.
    const publicKey = createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(published!.publicKey, 'base64').toString('base64url') },
      format: 'jwk',
    });
    const chain = await inTenant(tenant, (tx) =>
      tx('audit_blocks').orderBy('block_no').select<{ block_hash: string }[]>('block_hash'),
    );
    for (const head of heads) {
      assert.equal(head.keyId, published!.keyId);
      assert.equal(head.blockHash, chain[head.blockNo - 1]!.block_hash);
      const payload = `{"blockHash":"${head.blockHash}","blockNo":${head.blockNo},"tenant":"${tenant.slug}"}`;
      assert.ok(
        verify(null, Buffer.from(payload), publicKey, Buffer.from(head.sig, 'base64')),
        `block ${head.blockNo}`,
      );
      const forged = `{"blockHash":"${'0'.repeat(64)}","blockNo":${head.blockNo},"tenant":"${tenant.slug}"}`;
      assert.equal(verify(null, Buffer.from(forged), publicKey, Buffer.from(head.sig, 'base64')), false);
    }
  });

  it('answers a page request out of range with a problem naming the field', async () => {
    const tenant = await tenantOf();
    const app = await platform.app();
    const res = await request(app).get(`/t/${tenant.slug}/api/v1/audit/heads?limit=0`).expect(422);
    assert.match(res.type, /problem\+json/);
    assert.deepEqual(
      (res.body as { errors: { field: string }[] }).errors.map((e) => e.field),
      ['limit'],
    );
    await request(app).get(`/t/${tenant.slug}/api/v1/audit/heads?after=-1`).expect(422);
  });

  it('has the nightly verification job sign the blocks sealed without a head, once', async () => {
    const tenant = await tenantOf();
    await blocksOf(platform, tenant, 3, false);
    const app = await platform.app();
    const before = (await request(app).get(`/t/${tenant.slug}/api/v1/audit/heads`).expect(200)).body as HeadsPage;
    assert.equal(before.heads.length, 0);
    const job = auditVerificationJob(await platform.services());
    const context = { tenant, lateByMs: 0, job: {} as JobContext['job'] };
    const first = (await job(context)) as { valid: boolean; headsSigned: number };
    assert.equal(first.valid, true);
    assert.ok(first.headsSigned >= 3, `signed ${first.headsSigned}`);
    const second = (await job(context)) as { valid: boolean; headsSigned: number };
    assert.equal(second.valid, true);
    // The first run's own audit entry was sealed (and signed) by the second run's seal.
    assert.equal(second.headsSigned, 0);
    const after = (await request(app).get(`/t/${tenant.slug}/api/v1/audit/heads`).expect(200)).body as HeadsPage;
    const blocks = await inTenant(tenant, (tx) => tx('audit_blocks').count<{ count: string }[]>('* as count'));
    assert.equal(after.heads.length, Number(blocks[0]!.count));
  });

  it('detects a rewrite with every hash recomputed, against heads saved earlier through the CLI', async () => {
    const tenant = await tenantOf();
    await blocksOf(platform, tenant, 3, true);
    const env = testEnv({ LOG_LEVEL: 'warn' });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'koneps-heads-'));
    const file = path.join(dir, `${tenant.slug}.jsonl`);

    const saved = await npmRun('audit', ['heads', tenant.slug], env);
    assert.equal(saved.code, 0, saved.stderr);
    const lines = saved.stdout.trim().split('\n');
    assert.equal(lines.length, 3);
    assert.deepEqual(Object.keys(JSON.parse(lines[0]!) as object), ['slug', 'blockNo', 'blockHash', 'sig', 'keyId']);
    writeFileSync(file, saved.stdout);
    const before = await npmRun('audit', ['verify', tenant.slug, '--heads', file], env);
    assert.equal(before.code, 0, before.stdout + before.stderr);
    assert.match(before.stdout, /saved heads: all 3 .* match the chain and verify/);

    // Someone with full database access rewrites an entry and recomputes every hash after it.
    await asSuperuser(tenant.schema, async (db) => {
      await db.query('set session_replication_role = replica');
      const entries = (await db.query<EntryRow & { seq: string }>('select * from audit_entries order by seq')).rows;
      for (const entry of entries.filter((e) => e.action === 'test.heads-1')) {
        const summary = { forged: true };
        const hash = entryHash(contentOf(tenant.slug, { ...entry, summary }));
        await db.query('update audit_entries set summary = $1, entry_hash = $2 where seq = $3', [
          JSON.stringify(summary),
          hash,
          entry.seq,
        ]);
      }
      let prev = GENESIS_HASH;
      const blocks = (
        await db.query<{
          block_no: string;
          entry_count: number;
          first_seq: string;
          last_seq: string;
          sealed_at: Date;
        }>('select * from audit_blocks order by block_no')
      ).rows;
      for (const block of blocks) {
        const hashes = (
          await db.query<{ entry_hash: string }>(
            `select e.entry_hash from audit_sealed s join audit_entries e on e.seq = s.seq
              where s.block_no = $1 order by s.position`,
            [block.block_no],
          )
        ).rows.map((r) => r.entry_hash);
        const header = {
          blockNo: Number(block.block_no),
          entryCount: block.entry_count,
          firstSeq: Number(block.first_seq),
          lastSeq: Number(block.last_seq),
          merkleRoot: merkleRoot(hashes),
          prevHash: prev,
          sealedAt: block.sealed_at.toISOString(),
        };
        prev = blockHash(header);
        await db.query(
          'update audit_blocks set merkle_root = $1, prev_hash = $2, block_hash = $3 where block_no = $4',
          [header.merkleRoot, header.prevHash, prev, block.block_no],
        );
      }
    });

    // The heads kept in the database still name the old hashes...
    const againstStored = await npmRun('audit', ['verify', tenant.slug], env);
    assert.equal(againstStored.code, 2, againstStored.stdout + againstStored.stderr);
    assert.match(againstStored.stdout, /^BROKEN at block 2: .*the database/m);
    // ...so the rewriter deletes them too: the database alone now looks intact.
    await asSuperuser(tenant.schema, async (db) => {
      await db.query('set session_replication_role = replica');
      await db.query('delete from audit_heads');
    });
    const plain = await npmRun('audit', ['verify', tenant.slug], env);
    assert.equal(plain.code, 0, plain.stdout + plain.stderr);
    assert.match(plain.stdout, /^valid: /m);

    const detected = await npmRun('audit', ['verify', tenant.slug, '--heads', file], env);
    assert.equal(detected.code, 2, detected.stdout + detected.stderr);
    assert.match(detected.stdout, /^BROKEN at block 2: the chain's block hash [0-9a-f]{64} differs from .*'s signed/m);
  });

  it("shows the auditor's verification page the signed heads, and a chain that no longer matches them as broken", async () => {
    const tenant = (await platform.tenancy.resolve((await platform.createTenant('korea', { demo: true })).slug))!;
    await blocksOf(platform, tenant, 2, true);
    const app = await platform.app();
    const auditor = await signIn(app, tenant.slug, `auditor@${tenant.slug}.demo`);
    const intact = (await auditor.get(`/t/${tenant.slug}/audit/verify?lng=en`).expect(200)).text;
    assert.match(intact, /audit-verdict--valid/);
    assert.match(intact, /Block heads signed<\/dt><dd>[1-9]/);
    assert.ok(intact.includes(`/t/${tenant.slug}/api/v1/audit/heads`), 'says where the heads are published');

    // A head no longer agrees with the block it was signed for (edited past the triggers).
    await asSuperuser(tenant.schema, async (db) => {
      await db.query('set session_replication_role = replica');
      await db.query(
        `update audit_heads set block_hash = repeat('0', 64) where block_no = (select max(block_no) from audit_heads)`,
      );
    });
    const broken = (await auditor.get(`/t/${tenant.slug}/audit/verify?lng=en`).expect(200)).text;
    assert.match(broken, /audit-verdict--broken/);
    assert.match(broken, /differs from the one signed when it was sealed/);
  });

  it('exits 1 for a heads file it cannot read or that holds no signed heads', async () => {
    const tenant = await tenantOf();
    const env = testEnv({ LOG_LEVEL: 'warn' });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'koneps-heads-'));
    const missing = await npmRun('audit', ['verify', tenant.slug, '--heads', path.join(dir, 'none.jsonl')], env);
    assert.equal(missing.code, 1, missing.stdout + missing.stderr);
    assert.match(missing.stderr, /cannot read heads file/);
    const malformed = path.join(dir, 'malformed.jsonl');
    writeFileSync(malformed, `{"slug":"${tenant.slug}","blockNo":1,"blockHash":"abc","sig":"x","keyId":"k"}\n`);
    const bad = await npmRun('audit', ['verify', tenant.slug, '--heads', malformed], env);
    assert.equal(bad.code, 1, bad.stdout + bad.stderr);
    assert.match(bad.stderr, /line 1: not a signed head \(blockHash/);
  });
});
