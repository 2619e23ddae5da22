/**
 * Keys that live outside the database. Each tenant's key is derived from MASTER_KEY (environment,
 * never stored in PostgreSQL) with HKDF-SHA256 and a purpose label, so a database dump alone
 * reveals no secret that was sealed with it. Values are sealed with AES-256-GCM; the tenant slug
 * and the purpose are bound in as associated data, so a ciphertext cannot be moved between
 * tenants or uses.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

export type KeyPurpose = 'totp-secret' | 'bid-data-key';

const VERSION = 'v1';

export class TenantKeys {
  constructor(private readonly masterKey: Buffer) {
    if (masterKey.length !== 32) throw new Error('MASTER_KEY must be 32 bytes');
  }

  /** Derived keys, kept for the process's life: the master key they come from is in memory anyway. */
  private readonly derived = new Map<string, Buffer>();

  private key(slug: string, purpose: KeyPurpose): Buffer {
    const id = `${slug}/${purpose}`;
    let key = this.derived.get(id);
    if (!key) {
      key = Buffer.from(
        hkdfSync('sha256', this.masterKey, Buffer.from(slug), Buffer.from(`koneps/${purpose}/${VERSION}`), 32),
      );
      this.derived.set(id, key);
    }
    return key;
  }

  /** `v1.<iv>.<tag>.<ciphertext>`, each part base64url. */
  seal(slug: string, purpose: KeyPurpose, plaintext: Buffer | string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key(slug, purpose), iv);
    cipher.setAAD(Buffer.from(`${slug}/${purpose}`));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), body]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  open(slug: string, purpose: KeyPurpose, sealed: string): Buffer {
    const [version, iv, tag, body] = sealed.split('.');
    if (version !== VERSION || !iv || !tag || body === undefined) throw new Error('not a sealed value');
    const decipher = createDecipheriv('aes-256-gcm', this.key(slug, purpose), Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(`${slug}/${purpose}`));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]);
  }
}
