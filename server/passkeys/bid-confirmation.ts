/**
 * Bids no one can lend: a bid confirmed by its bidder's own authenticator. The challenge the
 * authenticator signs is SHA-256 of the sealed bid (the JCS-canonical content both envelopes will
 * hold: notice, lot, price, security, picks, note and each file's hash) joined with the receipt
 * nonce, a random value made when the confirmation is prepared that becomes the receipt's salt.
 * So the signature covers what is sealed, and the receipt hash covers the nonce: neither can be
 * swapped for another bid's. The page prepares (options + nonce kept in the session), the browser
 * signs, the submission verifies here inside the bid's transaction and stores the assertion with
 * the receipt, in the same statement (submission.ts). Rule `bid-passkey` may require it.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  generateAuthenticationOptions,
  verifyAuthenticationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import canonicalize from 'canonicalize';
import type { Knex } from 'knex';
import type { Actor } from '../identity/actor.js';
import { assertCan } from '../identity/policy.js';
import type { SessionUser } from '../identity/users.js';
import { bidPasskeyRule } from '../regulations/bid-passkey.js';
import type { TenantConfig } from '../tenancy/config-schema.js';
import { inTenant } from '../tenancy/tenant-context.js';
import { NoPasskeyError, PasskeyInvalidError, PasskeyRequiredError } from './errors.js';
import type { PasskeyRow } from './registration.js';
import type { RelyingParty } from './relying-party.js';

/** The bid as it will be sealed (amounts in minor units, as validated). */
export interface BidContent {
  lot: number;
  price: number;
  bidSecurityAmount: number;
  picks?: number[];
  technicalNote?: string;
  files?: { fileName: string; sha256: string; size: number }[];
}

/** A confirmation as the submission receives it: the browser's assertion and the nonce kept in the session. */
export interface BidPasskey {
  response: AuthenticationResponseJSON;
  /** Absent when no confirmation was prepared (or it expired). */
  nonce: string | undefined;
  rp: RelyingParty;
}

/** SHA-256 (hex) of the sealed bid's canonical content. */
export function sealedBidDigest(noticeId: string, bid: BidContent): string {
  const content = {
    notice: noticeId,
    lot: bid.lot,
    price: bid.price,
    bidSecurityAmount: bid.bidSecurityAmount,
    picks: bid.picks ?? [],
    technicalNote: bid.technicalNote ?? '',
    files: (bid.files ?? []).map((f) => ({ name: f.fileName, sha256: f.sha256, size: f.size })),
  };
  return createHash('sha256').update(canonicalize(content)!).digest('hex');
}

/** The WebAuthn challenge (base64url): SHA-256 of the sealed bid's digest joined with the receipt nonce. */
export function bidChallenge(noticeId: string, bid: BidContent, nonce: string): string {
  return createHash('sha256')
    .update(`${sealedBidDigest(noticeId, bid)}.${nonce}`)
    .digest('base64url');
}

/** Options for navigator.credentials.get() over this bid, with a fresh nonce to keep in the session. */
export async function prepareBidConfirmation(
  actor: Actor,
  rp: RelyingParty,
  bid: { noticeId: string; content: BidContent },
): Promise<{ options: PublicKeyCredentialRequestOptionsJSON; nonce: string }> {
  assertCan(actor.user, 'bids:submit');
  const user = actor.user;
  const own = await inTenant(actor.tenant, (tx) =>
    tx<PasskeyRow>('passkeys').where({ user_id: user.id }).select('credential_id', 'transports'),
  );
  if (own.length === 0) throw new NoPasskeyError();
  const nonce = randomBytes(16).toString('base64url');
  const options = await generateAuthenticationOptions({
    rpID: rp.id,
    challenge: Buffer.from(bidChallenge(bid.noticeId, bid.content, nonce), 'base64url'),
    allowCredentials: own.map((p) => ({ id: p.credential_id, transports: p.transports })),
    userVerification: 'required',
  });
  return { options, nonce };
}

/** What is stored with the receipt: the assertion as the authenticator made it. */
export interface VerifiedConfirmation {
  nonce: string;
  credentialId: string;
  write(tx: Knex.Transaction, bidId: string): Knex.QueryBuilder;
}

/**
 * Checks a bid's confirmation inside the bid's transaction: refused when the rule requires one and
 * there is none, or when the assertion does not verify against this bid's challenge and one of the
 * user's own credentials. Moves the credential's counter on. Null: an unconfirmed bid, allowed.
 */
export async function confirmBid(
  tx: Knex.Transaction,
  bid: { config: TenantConfig; user: SessionUser; noticeId: string; at: Date; content: BidContent },
  passkey: BidPasskey | undefined,
): Promise<VerifiedConfirmation | null> {
  if (!passkey) {
    const rule = bidPasskeyRule(bid.config, bid.at);
    if (rule.required) throw new PasskeyRequiredError(rule.rule!);
    return null;
  }
  const { response, nonce, rp } = passkey;
  if (!nonce) throw new PasskeyInvalidError('expired');
  const row = await tx<PasskeyRow>('passkeys')
    .where({ credential_id: response.id, user_id: bid.user.id })
    .forUpdate()
    .first();
  if (!row) throw new PasskeyInvalidError('unknown-credential');
  const challenge = bidChallenge(bid.noticeId, bid.content, nonce);
  const result = await verifyAuthenticationResponse({
    response,
    expectedChallenge: challenge,
    expectedOrigin: rp.origin,
    expectedRPID: rp.id,
    credential: {
      id: row.credential_id,
      publicKey: new Uint8Array(row.public_key),
      counter: Number(row.counter),
      transports: row.transports,
    },
    requireUserVerification: true,
  }).catch(() => ({ verified: false as const, authenticationInfo: undefined }));
  if (!result.verified) throw new PasskeyInvalidError('assertion');
  await tx('passkeys')
    .where({ id: row.id })
    .update({ counter: result.authenticationInfo.newCounter, last_used_at: bid.at });
  return {
    nonce,
    credentialId: row.credential_id,
    write: (writer, bidId) =>
      writer('bid_passkey_assertions').insert({
        bid_id: bidId,
        user_id: bid.user.id,
        credential_id: row.credential_id,
        challenge,
        authenticator_data: response.response.authenticatorData,
        client_data_json: response.response.clientDataJSON,
        signature: response.response.signature,
        user_handle: response.response.userHandle ?? null,
        verified_at: bid.at,
      }),
  };
}
