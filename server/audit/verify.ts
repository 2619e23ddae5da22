/**
 * Verifies a tenant's audit chain from the first block: every entry's hash against its content,
 * every block's Merkle root and hash, every link to the previous block; reports the first broken
 * link and how many entries are not sealed yet.
 */
import { inTenant } from '../tenancy/tenant-context.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import { blockHash, entryHash, GENESIS_HASH, merkleRoot } from './hashing.js';
import { contentOf, type EntryRow } from './rows.js';

export interface BrokenLink {
  blockNo: number;
  seq?: number;
  reason: 'entry-altered' | 'merkle-root-mismatch' | 'block-hash-mismatch' | 'chain-link-broken' | 'entries-missing';
}

export interface VerifyReport {
  valid: boolean;
  blocks: number;
  entries: number;
  unsealed: number;
  broken?: BrokenLink;
}

interface BlockRow {
  block_no: string;
  entry_count: number;
  first_seq: string;
  last_seq: string;
  merkle_root: string;
  prev_hash: string;
  block_hash: string;
  sealed_at: Date;
}

export async function verifyAuditChain(tenant: TenantHandle): Promise<VerifyReport> {
  return inTenant(tenant, async (tx) => {
    const blocks = await tx<BlockRow>('audit_blocks').orderBy('block_no');
    let prev = GENESIS_HASH;
    let entries = 0;
    const unsealedRow = await tx('audit_entries as e')
      .whereNotExists((q) => q.select(tx.raw('1')).from('audit_sealed as s').whereRaw('s.seq = e.seq'))
      .count<{ count: string }[]>('* as count');
    const unsealed = Number(unsealedRow[0]?.count ?? 0);
    const report = (broken?: BrokenLink): VerifyReport => ({
      valid: !broken,
      blocks: blocks.length,
      entries,
      unsealed,
      broken,
    });
    for (const block of blocks) {
      const blockNo = Number(block.block_no);
      if (block.prev_hash !== prev) return report({ blockNo, reason: 'chain-link-broken' });
      const rows: EntryRow[] = await tx('audit_sealed as s')
        .join('audit_entries as e', 'e.seq', 's.seq')
        .where('s.block_no', block.block_no)
        .orderBy('s.position')
        .select('e.*');
      if (rows.length !== block.entry_count) return report({ blockNo, reason: 'entries-missing' });
      for (const row of rows) {
        const recomputed = entryHash(contentOf(tenant.slug, row));
        if (recomputed !== row.entry_hash) return report({ blockNo, seq: Number(row.seq), reason: 'entry-altered' });
      }
      if (merkleRoot(rows.map((r) => r.entry_hash)) !== block.merkle_root) {
        return report({ blockNo, reason: 'merkle-root-mismatch' });
      }
      const header = {
        blockNo,
        entryCount: block.entry_count,
        firstSeq: Number(block.first_seq),
        lastSeq: Number(block.last_seq),
        merkleRoot: block.merkle_root,
        prevHash: block.prev_hash,
        sealedAt: block.sealed_at.toISOString(),
      };
      if (blockHash(header) !== block.block_hash) return report({ blockNo, reason: 'block-hash-mismatch' });
      prev = block.block_hash;
      entries += rows.length;
    }
    return report();
  });
}
