/**
 * Keys that live outside the database. Each tenant's key is derived from MASTER_KEY (environment,
 * never stored in PostgreSQL) with HKDF-SHA256 and a purpose label, so a database dump alone
 * reveals no secret that was sealed with it. Values are sealed with AES-256-GCM; the tenant slug
 * and the purpose are bound in as associated data, so a ciphertext cannot be moved between
 * tenants or uses. The same derivation gives each tenant an Ed25519 key pair to sign with
 * (contract countersignatures): the seed is derived, the pair rebuilt on every process.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createPrivateKey,
  createPublicKey,
  hkdfSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';

export type KeyPurpose = 'totp-secret' | 'bid-data-key';
/** Purposes of the Ed25519 key pairs a tenant signs with (never used to seal). */
export type SigningPurpose = 'contract-signing' | 'audit-head-signing';

export interface SigningKeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The raw 32-byte public key, base64: what an outside verifier needs. */
  publicKeyRaw: string;
  /** First 16 hex digits of the SHA-256 of the raw public key. */
  keyId: string;
}

/** PKCS#8 DER header of an Ed25519 private key; the 32-byte seed follows it. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

const VERSION = 'v1';

export class TenantKeys {
  constructor(private readonly masterKey: Buffer) {
    if (masterKey.length !== 32) throw new Error('MASTER_KEY must be 32 bytes');
  }

  /** Derived keys, kept for the process's life: the master key they come from is in memory anyway. */
  private readonly derived = new Map<string, Buffer>();

  private key(slug: string, purpose: KeyPurpose | SigningPurpose): Buffer {
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

  private readonly signing = new Map<string, SigningKeyPair>();

  /**
   * The tenant's Ed25519 key pair for a purpose: its 32-byte seed is derived from MASTER_KEY like
   * every other tenant key, so the pair is the same on every process and never stored.
   */
  signingKey(slug: string, purpose: SigningPurpose): SigningKeyPair {
    const id = `${slug}/${purpose}`;
    let pair = this.signing.get(id);
    if (!pair) {
      const privateKey = createPrivateKey({
        key: Buffer.concat([ED25519_PKCS8_PREFIX, this.key(slug, purpose)]),
        format: 'der',
        type: 'pkcs8',
      });
      const publicKey = createPublicKey(privateKey);
      // The SPKI DER of an Ed25519 key ends with the raw 32-byte key.
      const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
      pair = {
        privateKey,
        publicKey,
        publicKeyRaw: raw.toString('base64'),
        keyId: createHash('sha256').update(raw).digest('hex').slice(0, 16),
      };
      this.signing.set(id, pair);
    }
    return pair;
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
