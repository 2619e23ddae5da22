/**
 * How tenant keys worked before data keys existed: every purpose key derived from MASTER_KEY
 * itself (HKDF, salt = tenant slug). Tests use it to make values as an earlier install made them.
 */
import { createCipheriv, createHash, createPrivateKey, createPublicKey, hkdfSync, randomBytes } from 'node:crypto';

const derived = (master: Buffer, slug: string, purpose: string) =>
  Buffer.from(hkdfSync('sha256', master, Buffer.from(slug), Buffer.from(`koneps/${purpose}/v1`), 32));

export function sealedTheOldWay(master: Buffer, slug: string, purpose: string, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', derived(master, slug, purpose), iv);
  cipher.setAAD(Buffer.from(`${slug}/${purpose}`));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return ['v1', ...[iv, cipher.getAuthTag(), body].map((p) => p.toString('base64url'))].join('.');
}

/** The key id of the contract-signing key the old derivation gave a tenant. */
export function oldContractKeyId(master: Buffer, slug: string): string {
  const privateKey = createPrivateKey({
    key: Buffer.concat([
      Buffer.from('302e020100300506032b657004220420', 'hex'),
      derived(master, slug, 'contract-signing'),
    ]),
    format: 'der',
    type: 'pkcs8',
  });
  const raw = createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(-32);
  return createHash('sha256').update(raw).digest('hex').slice(0, 16);
}
