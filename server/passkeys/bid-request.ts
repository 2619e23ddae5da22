/**
 * A bid's passkey confirmation as it arrives over HTTP (the bid page): the assertion from the form
 * and the nonce from the session's ceremony, which is used once. Without a fresh ceremony for this
 * notice the nonce is absent and the confirmation is refused as expired.
 */
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { Request } from 'express';
import type { BidPasskey } from './bid-confirmation.js';
import { relyingParty } from './relying-party.js';
import { fresh } from './session-data.js';

export function bidPasskeyOf(
  req: Request,
  publicUrl: string | undefined,
  noticeId: string,
  assertion: AuthenticationResponseJSON | undefined,
): BidPasskey | undefined {
  if (!assertion) return undefined;
  const ceremony = req.session?.passkeyBid;
  if (req.session) delete req.session.passkeyBid;
  const nonce = ceremony && fresh(ceremony) && ceremony.noticeId === noticeId ? ceremony.nonce : undefined;
  return { response: assertion, nonce, rp: relyingParty(req, publicUrl) };
}

/** Keeps a prepared confirmation's nonce in the session, for the submission that follows. */
export function rememberBidCeremony(req: Request, noticeId: string, nonce: string): void {
  req.session.passkeyBid = { noticeId, nonce, at: Date.now() };
}
