import assert from 'node:assert/strict';
import { signMissingHeads } from '../../server/audit/head-signing.js';
import { AuditSealer, sealTenant } from '../../server/audit/sealer.js';
import { AuditTrail, SYSTEM_ACTOR } from '../../server/audit/trail.js';
import { verifyAuditChain } from '../../server/audit/verify.js';
import { runAuditCli } from '../../server/cli/audit-program.js';
import { createLogger } from '../../server/logger.js';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import type { TenantHandle } from '../../server/tenancy/tenant-handle.js';
import { connect } from '../../server/db/databases.js';
import { testEnv, testOwnerUrl, testPlatform, testSuperuserUrl, type TestPlatform } from '../support/platform.js';

describe('the audit trail', () => {
  let platform: TestPlatform;
  let tenant: TenantHandle;
  let sealer: AuditSealer;
  let audit: AuditTrail;
  before(async () => {
    platform = await testPlatform({ env: { DB_POOL_MAX: '10' } });
    tenant = (await platform.tenancy.resolve((await platform.createTenant('vietnam')).slug))!;
    sealer = new AuditSealer(createLogger('silent'), 50);
    audit = new AuditTrail(sealer);
  });
  after(async () => {
    await sealer.close();
    await platform.close();
  });

  const act = (i: number) =>
    inTenant(tenant, (tx) =>
      audit.record(
        tx,
        tenant,
        {
          actor: { type: 'user', id: `u${i % 7}`, label: `User ${i % 7}` },
          requestId: `req-${i}`,
          clientAddress: '203.0.113.9',
        },
        {
          action: 'supplier.approve',
          target: { type: 'supplier', id: `s${i}` },
          summary: { before: { status: 'pending' }, after: { status: 'approved' } },
        },
      ),
    );

  it('turns 100 concurrent audited actions into one valid chain with every entry sealed', async () => {
    const entries = await Promise.all(Array.from({ length: 100 }, (_, i) => act(i)));
    assert.equal(new Set(entries.map((e) => e.seq)).size, 100);
    await sealer.settle();
    const report = await verifyAuditChain(tenant);
    assert.equal(report.valid, true);
    assert.equal(report.unsealed, 0);
    assert.equal(report.entries, 100);
  });

  it('writes the entry in the same transaction as the change: a rollback leaves no entry', async () => {
    const before = (await verifyAuditChain(tenant)).entries;
    await assert.rejects(
      inTenant(tenant, async (tx) => {
        await audit.record(tx, tenant, SYSTEM_ACTOR, { action: 'test.rolled-back' });
        throw new Error('the change failed');
      }),
      /the change failed/,
    );
    await sealer.settle();
    const after = await verifyAuditChain(tenant);
    assert.equal(after.entries + after.unsealed, before);
  });

  it('keeps chaining across blocks, including entries that commit late', async () => {
    // An entry whose transaction is still open while later ones are sealed joins a later block.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const slow = inTenant(tenant, async (tx) => {
      await audit.record(tx, tenant, SYSTEM_ACTOR, { action: 'test.slow' });
      await held;
    });
    await new Promise((r) => setTimeout(r, 50));
    await Promise.all([1, 2, 3].map((i) => act(1000 + i)));
    await sealer.settle();
    release();
    await slow;
    await sealer.settle();
    const report = await verifyAuditChain(tenant);
    assert.equal(report.valid, true);
    assert.equal(report.unsealed, 0);
    assert.ok(report.blocks >= 2);
  });

  it('refuses UPDATE, DELETE and TRUNCATE to the application role, signed heads included', async () => {
    // The application role lacks the privilege; the append-only triggers stand behind it.
    const refused = /permission denied for table audit_(entries|blocks|heads)/;
    await assert.rejects(
      inTenant(tenant, (tx) => tx('audit_entries').update({ action: 'forged' })),
      refused,
    );
    await assert.rejects(
      inTenant(tenant, (tx) => tx('audit_entries').delete()),
      refused,
    );
    await assert.rejects(
      inTenant(tenant, (tx) => tx.raw('truncate audit_entries cascade')),
      refused,
    );
    await assert.rejects(
      inTenant(tenant, (tx) => tx('audit_blocks').delete()),
      refused,
    );
    assert.ok((await signMissingHeads(tenant, platform.keys)) > 0, 'the earlier tests sealed blocks to sign');
    await assert.rejects(
      inTenant(tenant, (tx) => tx('audit_heads').update({ signature: 'forged' })),
      refused,
    );
    await assert.rejects(
      inTenant(tenant, (tx) => tx('audit_heads').delete()),
      refused,
    );
  });

  it('refuses UPDATE, DELETE and TRUNCATE even to the owner of the tables, by trigger', async () => {
    const owner = connect(testOwnerUrl(), { max: 1 });
    const asOwner = (sql: string) =>
      owner.transaction(async (tx) => {
        await tx.raw(`select set_config('search_path', '${tenant.schema}', true)`);
        await tx.raw(sql);
      });
    try {
      await assert.rejects(asOwner(`update audit_entries set action = 'forged'`), /append-only/);
      await assert.rejects(asOwner('delete from audit_sealed'), /append-only/);
      await assert.rejects(asOwner('truncate audit_entries cascade'), /append-only/);
      await assert.rejects(asOwner(`update audit_heads set signature = 'forged'`), /append-only/);
      await assert.rejects(asOwner('delete from audit_heads'), /append-only/);
    } finally {
      await owner.destroy();
    }
  });

  it('finds a row altered by hand with superuser SQL and names it', async () => {
    const other = (await platform.tenancy.resolve((await platform.createTenant('korea')).slug))!;
    for (let i = 0; i < 5; i++) {
      await inTenant(other, (tx) => audit.record(tx, other, SYSTEM_ACTOR, { action: `test.step-${i}` }));
    }
    await sealTenant(other);
    const saved = { ...process.env };
    Object.assign(process.env, testEnv());
    try {
      assert.equal(await runAuditCli(['verify', other.slug]), 0);
    } finally {
      process.env = saved;
    }
    const target = await inTenant(
      other,
      async (tx) => (await tx('audit_entries').where({ action: 'test.step-2' }).first<{ seq: string }>('seq')).seq,
    );
    // Only a superuser (or the owner) can step around the triggers; the application role cannot.
    const superuser = connect(testSuperuserUrl(), { max: 1 });
    try {
      await superuser.transaction(async (tx) => {
        await tx.raw(`select set_config('search_path', '${other.schema}', true)`);
        await tx.raw('alter table audit_entries disable trigger audit_entries_append_only');
        await tx('audit_entries')
          .where({ seq: target })
          .update({ summary: JSON.stringify({ forged: true }) });
        await tx.raw('alter table audit_entries enable trigger audit_entries_append_only');
      });
    } finally {
      await superuser.destroy();
    }
    // The sealer may fold the five entries into one block or two (it runs a second after a commit).
    const block = await inTenant(other, (tx) =>
      tx('audit_blocks')
        .where('first_seq', '<=', target)
        .andWhere('last_seq', '>=', target)
        .first<{ block_no: string }>('block_no'),
    );
    const report = await verifyAuditChain(other);
    assert.equal(report.valid, false);
    assert.deepEqual(report.broken, { blockNo: Number(block.block_no), seq: Number(target), reason: 'entry-altered' });
    Object.assign(process.env, testEnv());
    try {
      assert.equal(await runAuditCli(['verify', other.slug]), 2);
    } finally {
      process.env = saved;
    }
  });
});
