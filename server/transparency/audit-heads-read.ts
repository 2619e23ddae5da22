/**
 * The tenant's signed audit heads for the public page, newest first: each head with the range of
 * audit entries its block seals and when it was signed. The same heads, with the public keys that
 * verify them, are at the JSON API (audit/heads-api.ts); this page only lists them for people.
 */
import type { Actor } from '../identity/actor.js';
import { inTenant } from '../tenancy/tenant-context.js';

export const HEADS_PER_PAGE = 50;

export interface PublicHead {
  blockNo: number;
  firstSeq: number;
  lastSeq: number;
  entries: number;
  blockHash: string;
  keyId: string;
  signedAt: Date;
}

interface HeadRow {
  block_no: string;
  first_seq: string;
  last_seq: string;
  entry_count: number;
  block_hash: string;
  key_id: string;
  signed_at: Date;
}

export async function readAuditHeads(actor: Actor, page: number): Promise<{ heads: PublicHead[]; more: boolean }> {
  const rows = await inTenant(actor.tenant, (tx) =>
    tx('audit_heads as h')
      .join('audit_blocks as b', 'b.block_no', 'h.block_no')
      .orderBy('h.block_no', 'desc')
      .limit(HEADS_PER_PAGE + 1)
      .offset((page - 1) * HEADS_PER_PAGE)
      .select<HeadRow[]>(
        'h.block_no',
        'b.first_seq',
        'b.last_seq',
        'b.entry_count',
        'h.block_hash',
        'h.key_id',
        'h.signed_at',
      ),
  );
  return {
    heads: rows.slice(0, HEADS_PER_PAGE).map((r) => ({
      blockNo: Number(r.block_no),
      firstSeq: Number(r.first_seq),
      lastSeq: Number(r.last_seq),
      entries: r.entry_count,
      blockHash: r.block_hash,
      keyId: r.key_id,
      signedAt: r.signed_at,
    })),
    more: rows.length > HEADS_PER_PAGE,
  };
}
