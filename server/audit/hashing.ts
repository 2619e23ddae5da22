/**
 * The audit trail's hashes, written down in docs/audit-trail.md so anyone can re-verify a tenant's
 * trail outside the application:
 * - entry hash: SHA-256 of the RFC 8785 (JCS) canonical JSON of the entry's content;
 * - block Merkle root: RFC 6962 Merkle tree hash over the entry hashes in block order;
 * - block hash: SHA-256 of the JCS of { blockNo, entryCount, firstSeq, lastSeq, merkleRoot,
 *   prevHash, sealedAt }, the first block's prevHash being 64 zeros.
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

export const GENESIS_HASH = '0'.repeat(64);

export interface EntryContent {
  tenant: string;
  at: string;
  actorType: string;
  actorId: string | null;
  actorLabel: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  summary: unknown;
  requestId: string | null;
  clientAddress: string | null;
}

export interface BlockHeader {
  blockNo: number;
  entryCount: number;
  firstSeq: number;
  lastSeq: number;
  merkleRoot: string;
  prevHash: string;
  sealedAt: string;
}

const sha256 = (...parts: (Buffer | string)[]) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};

export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('value cannot be canonicalized');
  return text;
}

export function entryHash(content: EntryContent): string {
  return sha256(canonicalJson(content)).toString('hex');
}

/** RFC 6962 section 2.1 Merkle Tree Hash over hex leaf values (the entry hashes). */
export function merkleRoot(leaves: string[]): string {
  const mth = (items: Buffer[]): Buffer => {
    if (items.length === 0) return sha256('');
    if (items.length === 1) return sha256(Buffer.from([0]), items[0]!);
    let k = 1;
    while (k * 2 < items.length) k *= 2;
    return sha256(Buffer.from([1]), mth(items.slice(0, k)), mth(items.slice(k)));
  };
  return mth(leaves.map((leaf) => Buffer.from(leaf, 'hex'))).toString('hex');
}

export function blockHash(header: BlockHeader): string {
  return sha256(canonicalJson(header)).toString('hex');
}
