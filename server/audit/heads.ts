/**
 * Reading signed audit heads back, and checking heads (the database's own, or copies saved outside
 * it) against the chain: each head must name a block the chain holds, carry that block's hash, and
 * verify with the tenant's published key.
 */
import { inTenant } from '../tenancy/tenant-context.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import { auditHeadPublicKeys, headSignatureValid, type HeadKeys, type SignedHead } from './head-signing.js';

interface HeadRow {
  block_no: string;
  block_hash: string;
  key_id: string;
  signature: string;
}

const headOf = (slug: string, row: HeadRow): SignedHead => ({
  slug,
  blockNo: Number(row.block_no),
  blockHash: row.block_hash,
  sig: row.signature,
  keyId: row.key_id,
});

/** Heads in block order after block `after`; `limit` omitted: all of them. */
export async function listHeads(
  tenant: TenantHandle,
  page: { after?: number; limit?: number } = {},
): Promise<SignedHead[]> {
  return inTenant(tenant, async (tx) => {
    const query = tx<HeadRow>('audit_heads')
      .where('block_no', '>', page.after ?? 0)
      .orderBy('block_no');
    if (page.limit !== undefined) void query.limit(page.limit);
    return (await query).map((row) => headOf(tenant.slug, row));
  });
}

/** How many sealed blocks the chain holds, signed or not. */
export async function countBlocks(tenant: TenantHandle): Promise<number> {
  return inTenant(tenant, async (tx) => {
    const rows = await tx('audit_blocks').count<{ count: string }[]>('* as count');
    return Number(rows[0]?.count ?? 0);
  });
}

export interface HeadMismatch {
  blockNo: number;
  reason: 'block-missing' | 'hash-differs' | 'signature-invalid';
  /** The hash the head carries and the one the chain holds now (hash-differs). */
  headHash?: string;
  chainHash?: string;
}

/**
 * The first head (in block order) that does not match the chain or whose signature does not
 * verify. Only meaningful after verifyAuditChain() found the chain itself intact.
 */
export async function checkHeads(
  tenant: TenantHandle,
  keys: HeadKeys,
  heads: SignedHead[],
): Promise<HeadMismatch | undefined> {
  const chain = await inTenant(tenant, async (tx) => {
    const rows = await tx('audit_blocks').select<{ block_no: string; block_hash: string }[]>('block_no', 'block_hash');
    return new Map(rows.map((r) => [Number(r.block_no), r.block_hash]));
  });
  const publicKeys = await auditHeadPublicKeys(keys, tenant);
  for (const head of [...heads].sort((a, b) => a.blockNo - b.blockNo)) {
    const chainHash = chain.get(head.blockNo);
    if (chainHash === undefined) return { blockNo: head.blockNo, reason: 'block-missing' };
    if (chainHash !== head.blockHash)
      return { blockNo: head.blockNo, reason: 'hash-differs', headHash: head.blockHash, chainHash };
    if (!headSignatureValid({ ...head, slug: tenant.slug }, publicKeys))
      return { blockNo: head.blockNo, reason: 'signature-invalid' };
  }
  return undefined;
}
