/**
 * The ceremonies under way, kept in the user's server-side session (never in the browser): the
 * registration's challenge, and the bid confirmation's nonce with the notice it was asked for.
 * A ceremony is good for CEREMONY_MS of real time; a new one replaces the previous one.
 */
export const CEREMONY_MS = 5 * 60 * 1000;

declare module 'express-session' {
  interface SessionData {
    passkeyRegistration?: { challenge: string; at: number };
    passkeyBid?: { noticeId: string; nonce: string; at: number };
  }
}

export function fresh(ceremony: { at: number } | undefined): boolean {
  return !!ceremony && Date.now() - ceremony.at < CEREMONY_MS;
}
