/**
 * One tenant's opened data keys (a Keyring) and what is derived from them: purpose keys for
 * AES-256-GCM seals and the Ed25519 key pairs a tenant signs with, each expanded with HKDF and a
 * purpose label, so a ciphertext cannot be moved between tenants or uses. Where the data keys
 * come from, and how they are wrapped, is tenant-keys.ts.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  randomBytes,
  type KeyObject,
} from 'node:crypto';

export type KeyPurpose = 'totp-secret' | 'bid-data-key' | 'trainee-password';
/** Purposes of the Ed25519 key pairs a tenant signs with (never used to seal). */
export type SigningPurpose = 'contract-signing' | 'audit-head-signing';
/** Every signing purpose, in the order the published key list shows them. */
export const SIGNING_PURPOSES: readonly SigningPurpose[] = ['contract-signing', 'audit-head-signing'];

export interface SigningKeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The raw 32-byte public key, base64: what an outside verifier needs. */
  publicKeyRaw: string;
  /** First 16 hex digits of the SHA-256 of the raw public key. */
  keyId: string;
  /** The data key version the pair is derived from. */
  version: number;
}

/** PKCS#8 DER header of an Ed25519 private key; the 32-byte seed follows it. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * HKDF-Expand (RFC 5869 §2.3) for one 32-byte block: HMAC-SHA256(key, info || 0x01). Node's
 * hkdfSync always extracts first; a data key is already uniformly random (or, for a kept first
 * key, is itself the output of HKDF-Extract), so expanding it directly is what the RFC asks.
 */
function expand(dataKey: Buffer, purpose: string): Buffer {
  return createHmac('sha256', dataKey)
    .update(Buffer.concat([Buffer.from(`koneps/${purpose}/v1`), Buffer.from([1])]))
    .digest();
}

const purposeKeys = new WeakMap<Buffer, Map<string, Buffer>>();
const signingPairs = new WeakMap<Buffer, Map<string, Omit<SigningKeyPair, 'version'>>>();

function purposeKey(dataKey: Buffer, purpose: string): Buffer {
  let keys = purposeKeys.get(dataKey);
  if (!keys) purposeKeys.set(dataKey, (keys = new Map<string, Buffer>()));
  let key = keys.get(purpose);
  if (!key) keys.set(purpose, (key = expand(dataKey, purpose)));
  return key;
}

function signingPair(dataKey: Buffer, purpose: SigningPurpose): Omit<SigningKeyPair, 'version'> {
  let pairs = signingPairs.get(dataKey);
  if (!pairs) signingPairs.set(dataKey, (pairs = new Map<string, Omit<SigningKeyPair, 'version'>>()));
  let pair = pairs.get(purpose);
  if (!pair) {
    const privateKey = createPrivateKey({
      key: Buffer.concat([ED25519_PKCS8_PREFIX, purposeKey(dataKey, purpose)]),
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
    pairs.set(purpose, pair);
  }
  return pair;
}

/** One tenant's opened data keys: seals with the newest, opens and verifies with any. */
export class Keyring {
  /** The version new values are sealed and signed with. */
  readonly version: number;

  constructor(
    readonly scope: string,
    private readonly dataKeys: ReadonlyMap<number, Buffer>,
  ) {
    this.version = Math.max(...dataKeys.keys());
  }

  private dataKey(version: number): Buffer {
    const key = this.dataKeys.get(version);
    if (!key) throw new Error(`${this.scope} has no data key version ${version}`);
    return key;
  }

  /** `v<data key version>.<iv>.<tag>.<ciphertext>`, each part base64url. */
  seal(purpose: KeyPurpose, plaintext: Buffer | string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', purposeKey(this.dataKey(this.version), purpose), iv);
    cipher.setAAD(Buffer.from(`${this.scope}/${purpose}`));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return [`v${this.version}`, ...[iv, cipher.getAuthTag(), body].map((p) => p.toString('base64url'))].join('.');
  }

  open(purpose: KeyPurpose, sealed: string): Buffer {
    const [version, iv, tag, body] = sealed.split('.');
    if (!version || !/^v\d+$/.test(version) || !iv || !tag || body === undefined) throw new Error('not a sealed value');
    const key = purposeKey(this.dataKey(Number(version.slice(1))), purpose);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(`${this.scope}/${purpose}`));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]);
  }

  /** The Ed25519 key pair new signatures of a purpose are made with (newest data key). */
  signingKey(purpose: SigningPurpose): SigningKeyPair {
    return { ...signingPair(this.dataKey(this.version), purpose), version: this.version };
  }

  /** Every version's key pair for a purpose, newest first: what verification and the published list use. */
  signingKeys(purpose: SigningPurpose): SigningKeyPair[] {
    return [...this.dataKeys.keys()]
      .sort((a, b) => b - a)
      .map((version) => ({ ...signingPair(this.dataKey(version), purpose), version }));
  }
}
