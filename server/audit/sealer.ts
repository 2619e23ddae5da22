/**
 * Folds unsealed audit entries, in sequence order, into hash-chained blocks: each block holds a
 * Merkle root over its entries' hashes and the previous block's hash, as certificate-transparency
 * logs do. Writers never wait for it: they nudge it after commit and it seals within about a
 * second. One sealer runs per tenant at a time (an advisory lock), in any process. Given the tenant
 * keys, it signs each block's head in the transaction that seals the block (head-signing.ts).
 */
import type { Knex } from 'knex';
import type { Logger } from '../logger.js';
import { inTenant } from '../tenancy/tenant-context.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import { now } from '../time/clock.js';
import { blockHash, entryHash, GENESIS_HASH, merkleRoot } from './hashing.js';
import { signHead, type HeadKeys } from './head-signing.js';
import { contentOf, type EntryRow } from './rows.js';
import type { SealNudger } from './trail.js';

const BLOCK_LIMIT = 2000;
/**
 * How far below the newest sealed entry the routine seal looks for entries committed late by
 * transactions that were still open at the previous seal; a full seal (nightly, CLI) looks at all.
 */
const LATE_WINDOW = 50_000;

export class AuditTamperError extends Error {
  constructor(readonly seq: number) {
    super(`audit entry ${seq} does not match its hash; not sealed`);
    this.name = 'AuditTamperError';
  }
}

async function sealOneBlock(
  tx: Knex.Transaction,
  tenant: TenantHandle,
  full: boolean,
  keys: HeadKeys | undefined,
): Promise<number> {
  const last = await tx('audit_blocks')
    .orderBy('block_no', 'desc')
    .first<{ block_no: string; block_hash: string; last_seq: string } | undefined>();
  const maxSealed = (await tx('audit_sealed').max<{ max: string | null }[]>('seq as max'))[0]?.max;
  const from = full || !maxSealed ? 0 : Math.max(0, Number(maxSealed) - LATE_WINDOW);
  const rows: EntryRow[] = await tx('audit_entries as e')
    .where('e.seq', '>', from)
    .whereNotExists((q) => q.select(tx.raw('1')).from('audit_sealed as s').whereRaw('s.seq = e.seq'))
    .orderBy('e.seq')
    .limit(BLOCK_LIMIT)
    .select('e.*');
  if (rows.length === 0) return 0;
  const hashes = rows.map((row) => {
    if (entryHash(contentOf(tenant.slug, row)) !== row.entry_hash) throw new AuditTamperError(Number(row.seq));
    return row.entry_hash;
  });
  const header = {
    blockNo: last ? Number(last.block_no) + 1 : 1,
    entryCount: rows.length,
    firstSeq: Number(rows[0]!.seq),
    lastSeq: Number(rows.at(-1)!.seq),
    merkleRoot: merkleRoot(hashes),
    prevHash: last?.block_hash ?? GENESIS_HASH,
    sealedAt: (await now(tx)).toISOString(),
  };
  const hash = blockHash(header);
  await tx('audit_blocks').insert({
    block_no: header.blockNo,
    entry_count: header.entryCount,
    first_seq: header.firstSeq,
    last_seq: header.lastSeq,
    merkle_root: header.merkleRoot,
    prev_hash: header.prevHash,
    block_hash: hash,
    sealed_at: header.sealedAt,
  });
  await tx('audit_sealed').insert(rows.map((row, position) => ({ seq: row.seq, block_no: header.blockNo, position })));
  if (keys) await signHead(tx, keys, tenant.slug, { blockNo: header.blockNo, blockHash: hash });
  return rows.length;
}

/**
 * Seals everything unsealed in one tenant; returns how many entries it sealed. With `keys`, each new
 * block's head is signed too (without, the nightly verification job signs it).
 */
export async function sealTenant(
  tenant: TenantHandle,
  options: { full?: boolean; keys?: HeadKeys } = {},
): Promise<number> {
  let total = 0;
  for (;;) {
    const sealed = await inTenant(tenant, async (tx) => {
      await tx.raw(`select pg_advisory_xact_lock(hashtext('audit-seal:' || current_setting('app.tenant')))`);
      return sealOneBlock(tx, tenant, options.full ?? false, options.keys);
    });
    total += sealed;
    if (sealed < BLOCK_LIMIT) return total;
  }
}

/** Debounces nudges per tenant so a burst of writes becomes one seal a moment later. */
export class AuditSealer implements SealNudger {
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    private readonly logger: Logger,
    private readonly delayMs = 200,
    /** Signs each sealed block's head when given. */
    private readonly keys?: HeadKeys,
  ) {}

  nudge(tenant: TenantHandle): void {
    if (this.pending.has(tenant.slug)) return;
    const timer = setTimeout(() => {
      this.pending.delete(tenant.slug);
      const run = sealTenant(tenant, { keys: this.keys })
        .catch((error: unknown) => this.logger.error({ err: error, tenant: tenant.slug }, 'audit sealing failed'))
        .finally(() => this.running.delete(run));
      this.running.add(run);
    }, this.delayMs);
    timer.unref();
    this.pending.set(tenant.slug, timer);
  }

  /** Waits for scheduled and running seals (tests, shutdown). */
  async settle(): Promise<void> {
    while (this.pending.size > 0 || this.running.size > 0) {
      await new Promise((r) => setTimeout(r, this.delayMs / 2));
      await Promise.all([...this.running]);
    }
  }

  close(): Promise<void> {
    return this.settle();
  }
}
