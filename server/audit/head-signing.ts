/**
 * Signed audit heads: each sealed block's hash, signed with the tenant's Ed25519 key of purpose
 * `audit-head-signing`. The key derives from the tenant's data key, which is stored only wrapped by
 * MASTER_KEY (crypto/tenant-keys.ts), so someone who can rewrite
 * the database can recompute every hash of the chain but cannot sign the new heads; heads saved
 * outside the database (`npm run audit -- heads`) then expose the rewrite. docs/audit-trail.md
 * describes the signed payload for outside verifiers.
 */
import { sign as edSign, verify as edVerify, createPublicKey } from 'node:crypto';
import type { Knex } from 'knex';
import type { Keyring, SigningKeyPair } from '../crypto/keyring.js';
import type { TenantKeys } from '../crypto/tenant-keys.js';
import { inTenant } from '../tenancy/tenant-context.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import { now } from '../time/clock.js';
import { canonicalJson } from './hashing.js';

/** What signs heads: the tenant's keyring, read inside or outside a tenant transaction. */
export type HeadKeys = Pick<TenantKeys, 'forTenant' | 'ofTenant'>;

/** A signed head as published and saved: the JSON-lines format of `npm run audit -- heads`. */
export interface SignedHead {
  slug: string;
  blockNo: number;
  blockHash: string;
  /** Ed25519 signature of headPayload(), base64. */
  sig: string;
  keyId: string;
}

/** A published verification key: `publicKey` is the raw 32-byte Ed25519 key, base64. */
export interface HeadPublicKey {
  keyId: string;
  algorithm: 'Ed25519';
  publicKey: string;
}

/** The key new heads are signed with: from the tenant's newest data key. */
export function auditHeadKey(keyring: Keyring): SigningKeyPair {
  return keyring.signingKey('audit-head-signing');
}

/** Every public key heads of this tenant may be signed with (one per data key version), newest first. */
export async function auditHeadPublicKeys(keys: HeadKeys, tenant: TenantHandle): Promise<HeadPublicKey[]> {
  const keyring = await keys.ofTenant(tenant);
  return keyring
    .signingKeys('audit-head-signing')
    .map((key) => ({ keyId: key.keyId, algorithm: 'Ed25519' as const, publicKey: key.publicKeyRaw }));
}

/** The bytes signed: the JCS canonical JSON of { blockHash, blockNo, tenant }. */
export function headPayload(slug: string, blockNo: number, blockHash: string): Buffer {
  return Buffer.from(canonicalJson({ blockHash, blockNo, tenant: slug }), 'utf8');
}

/** Whether a head's signature verifies with the published key its keyId names. */
export function headSignatureValid(head: SignedHead, publicKeys: HeadPublicKey[]): boolean {
  const published = publicKeys.find((k) => k.keyId === head.keyId);
  if (!published) return false;
  const key = createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(published.publicKey, 'base64').toString('base64url') },
    format: 'jwk',
  });
  return edVerify(null, headPayload(head.slug, head.blockNo, head.blockHash), key, Buffer.from(head.sig, 'base64'));
}

/** Signs one block head inside the caller's transaction (the seal that made the block, or a backfill). */
export async function signHead(
  tx: Knex.Transaction,
  keys: HeadKeys,
  slug: string,
  block: { blockNo: number; blockHash: string },
): Promise<void> {
  const key = auditHeadKey(await keys.forTenant(tx, slug));
  const signature = edSign(null, headPayload(slug, block.blockNo, block.blockHash), key.privateKey);
  await tx('audit_heads')
    .insert({
      block_no: block.blockNo,
      block_hash: block.blockHash,
      key_id: key.keyId,
      signature: signature.toString('base64'),
      signed_at: await now(tx),
    })
    .onConflict('block_no')
    .ignore();
}

/**
 * Signs every sealed block that has no head yet (blocks sealed before heads existed, or by a
 * sealer without keys). Call it only on a chain that has just verified: it signs what the database
 * holds. Idempotent; returns how many heads it wrote.
 */
export async function signMissingHeads(tenant: TenantHandle, keys: HeadKeys): Promise<number> {
  return inTenant(tenant, async (tx) => {
    const unsigned = await tx('audit_blocks as b')
      .whereNotExists((q) => q.select(tx.raw('1')).from('audit_heads as h').whereRaw('h.block_no = b.block_no'))
      .orderBy('b.block_no')
      .select<{ block_no: string; block_hash: string }[]>('b.block_no', 'b.block_hash');
    for (const block of unsigned) {
      await signHead(tx, keys, tenant.slug, { blockNo: Number(block.block_no), blockHash: block.block_hash });
    }
    return unsigned.length;
  });
}
