/**
 * The one module that can read sealed bid data. Each tender has a random 256-bit key, stored only
 * sealed by the tenant's data key (itself stored only wrapped by MASTER_KEY's key-encryption
 * key, crypto/tenant-keys.ts), so the database alone opens nothing. Prices, picks,
 * proposal files and the reserve-price candidates are AES-256-GCM ciphertext under that data key,
 * each bound to its tender and record by associated data, so nothing can be moved between bids.
 *
 * Sealing needs no unwrapped key to leave this module; unsealing is allowed only inside a
 * transaction whose tenant clock has reached the opening time (and, for the price envelopes of a
 * two-envelope tender, once the technical evaluation is final). Every unwrapping of a tender key
 * is written to the audit trail; a refused attempt is audited in its own transaction, so the
 * refusal itself cannot be rolled back.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import type { AuditContext, AuditTrail } from '../audit/trail.js';
import type { TenantKeys } from './tenant-keys.js';
import { AppError } from '../http/errors.js';
import { inTenant, afterTransaction } from '../tenancy/tenant-context.js';
import { LruMap, registerTenantCache } from '../tenancy/tenant-caches.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import { now } from '../time/clock.js';

const VERSION = 's1';

export interface SealedTender {
  id: string;
  tender_key: string | null;
  opening_at: Date;
  evaluation_method: string;
  technical_final_at: Date | null;
}

export type Envelope = 'technical' | 'price' | 'reserve';

export class SealedUntilOpeningError extends AppError {
  constructor(openingAt: Date) {
    super('sealed_until_opening', 409, 'bids:sealed_until_opening', { opening: openingAt });
  }
}

function encrypt(key: Buffer, aad: string, plaintext: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return [
    VERSION,
    iv.toString('base64url'),
    cipher.getAuthTag().toString('base64url'),
    body.toString('base64url'),
  ].join('.');
}

function decrypt(key: Buffer, aad: string, sealed: string): Buffer {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== VERSION || !iv || !tag || body === undefined) throw new Error('not a sealed bid value');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]);
}

/** Associated data binding a sealed value to its tenant, tender, record and use. */
export const sealLabel = (slug: string, noticeId: string, record: string, envelope: Envelope | 'file') =>
  `${slug}/${noticeId}/${record}/${envelope}`;

export class SealedBox {
  constructor(
    private readonly keys: TenantKeys,
    private readonly audit: AuditTrail,
  ) {
    registerTenantCache('tender keys', () => this.sealingKeys.size);
  }

  /**
   * Tender keys this process has opened to seal with, by their sealed form: a deadline spike seals
   * thousands of bids under one tender, each without reading the tenant's data keys again. Safe to
   * keep: a sealed form opens to one key only (it is authenticated), and holds nothing a process
   * that already holds MASTER_KEY could not open.
   */
  private readonly sealingKeys = new LruMap<string, Buffer>(10_000);

  /** A new tender key, returned only in its wrapped form (for `notices.tender_key`). */
  async newTenderKey(tx: Knex.Transaction, slug: string): Promise<string> {
    return (await this.keys.forTenant(tx, slug)).seal('bid-data-key', randomBytes(32));
  }

  /**
   * A function that seals under the tender key, for the values of one submission: the unwrapped
   * key stays inside it and is never handed out.
   */
  async sealer(
    tx: Knex.Transaction,
    slug: string,
    notice: Pick<SealedTender, 'id' | 'tender_key'>,
  ): Promise<(label: string, plaintext: Buffer) => string> {
    if (!notice.tender_key) throw new Error(`notice ${notice.id} has no tender key`);
    const id = `${slug}/${notice.tender_key}`;
    let key = this.sealingKeys.get(id);
    if (!key) {
      key = (await this.keys.forTenant(tx, slug)).open('bid-data-key', notice.tender_key);
      this.sealingKeys.set(id, key);
    }
    const sealingKey = key;
    return (label, plaintext) => encrypt(sealingKey, label, plaintext);
  }

  /**
   * A reader for one tender's envelopes, after checking the tenant's clock in the caller's
   * transaction. Refuses (audited) before the opening time.
   */
  async unsealer(
    tx: Knex.Transaction,
    tenant: TenantHandle,
    context: AuditContext,
    notice: SealedTender,
    envelopes: Envelope[],
    // What the key opens, as the audit trail names it: a tender (notice) or a second competition.
    target: { type: string; id: string } = { type: 'notice', id: notice.id },
  ): Promise<(label: string, sealed: string) => Buffer> {
    const at = await now(tx);
    const early = at.getTime() < notice.opening_at.getTime();
    const priceBeforeTechnical =
      envelopes.includes('price') && notice.evaluation_method === 'negotiated' && !notice.technical_final_at;
    if (early || priceBeforeTechnical || !notice.tender_key) {
      // The refusal rolls the caller's transaction back: its audit entry is written after it ends.
      afterTransaction(tx, () =>
        inTenant(tenant, (own) =>
          this.audit.record(own, tenant, context, {
            action: 'tender-key.refused',
            target,
            summary: { envelopes, openingAt: notice.opening_at.toISOString(), at: at.toISOString() },
          }),
        ),
      );
      throw new SealedUntilOpeningError(notice.opening_at);
    }
    await this.audit.record(tx, tenant, context, {
      action: 'tender-key.used',
      target,
      summary: { envelopes },
    });
    const key = (await this.keys.forTenant(tx, tenant.slug)).open('bid-data-key', notice.tender_key);
    return (label, sealed) => {
      const envelope = label.slice(label.lastIndexOf('/') + 1) as Envelope | 'file';
      if (envelope !== 'file' && !envelopes.includes(envelope)) throw new Error(`envelope ${envelope} not unsealed`);
      return decrypt(key, label, sealed);
    };
  }
}
