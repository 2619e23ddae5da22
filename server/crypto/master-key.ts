/**
 * The master key and what it is for: a key-encryption key (KEK) that wraps each tenant's data
 * keys, which are stored wrapped in the database. The master key never enters the database; the
 * KEK's id is stored with every key it wraps, so after a rotation each wrapped key says which
 * master key opens it. Also the one check that refuses a master key too regular to be random.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

const KEK_INFO = 'koneps/key-encryption-key/v1';

/**
 * Why `key` cannot be a master key, or undefined when it may be. 32 random bytes hold about 30
 * distinct values and never repeat a short pattern; a key typed by hand (all zeros, one byte
 * repeated, a word repeated, 0x00 0x01 0x02 …) does. The chance that a truly random key is
 * refused is below 2^-100.
 */
export function weakKeyReason(key: Buffer): string | undefined {
  if (key.length !== 32) return 'must be 32 bytes, base64-encoded';
  const distinct = new Set(key).size;
  if (distinct < 16) return `is not random (only ${distinct} distinct bytes); generate one: openssl rand -base64 32`;
  for (let period = 1; period <= 16; period++) {
    if (key.every((byte, i) => byte === key[i % period]))
      return `is not random (a pattern of ${period} bytes repeated); generate one: openssl rand -base64 32`;
  }
  const step = (key[1]! - key[0]! + 256) % 256;
  if (key.every((byte, i) => i === 0 || (byte - key[i - 1]! + 256) % 256 === step))
    return 'is not random (a counting sequence); generate one: openssl rand -base64 32';
  return undefined;
}

/** A key-encryption key: wraps 32-byte data keys with AES-256-GCM, bound to what they belong to. */
export class KeyEncryptionKey {
  /** 16 hex digits that name this KEK (and so its master key) without revealing either. */
  readonly id: string;
  private readonly key: Buffer;

  constructor(masterKey: Buffer) {
    this.key = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), Buffer.from(KEK_INFO), 32));
    this.id = createHmac('sha256', this.key).update('koneps/kek-id').digest('hex').slice(0, 16);
  }

  /** `<iv>.<tag>.<ciphertext>`, base64url; `label` (owner and version) is bound in as associated data. */
  wrap(dataKey: Buffer, label: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(`${label}/${this.id}`));
    const body = Buffer.concat([cipher.update(dataKey), cipher.final()]);
    return [iv, cipher.getAuthTag(), body].map((p) => p.toString('base64url')).join('.');
  }

  unwrap(wrapped: string, label: string): Buffer {
    const [iv, tag, body] = wrapped.split('.');
    if (!iv || !tag || !body) throw new Error('not a wrapped key');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(`${label}/${this.id}`));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]);
  }
}

/**
 * The key every tenant used before data keys were stored: HKDF-Extract(salt = slug, MASTER_KEY),
 * the pseudo-random key from which each purpose key was expanded. Wrapped as a tenant's first
 * data key, it keeps everything sealed before opening without re-encryption.
 */
export function legacyTenantKey(masterKey: Buffer, scope: string): Buffer {
  return createHmac('sha256', Buffer.from(scope)).update(masterKey).digest();
}
