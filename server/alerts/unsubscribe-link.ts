/**
 * The one-click unsubscribe link of an alert: the search's id and an HMAC of it under a key derived
 * from the session secret, so the link needs no stored token and the database alone cannot forge
 * one. It only ever stops alerts, so it does not expire; the token travels as `token=`, which the
 * request log blanks.
 */
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

const keys = new Map<string, Buffer>();

function keyOf(secret: string): Buffer {
  let key = keys.get(secret);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', secret, '', 'koneps/alert-unsubscribe', 32));
    keys.set(secret, key);
  }
  return key;
}

export function unsubscribeToken(secret: string, tenantSlug: string, searchId: string): string {
  return createHmac('sha256', keyOf(secret)).update(`${tenantSlug}/${searchId}`).digest('base64url');
}

export function isUnsubscribeToken(secret: string, tenantSlug: string, searchId: string, token: string): boolean {
  const expected = Buffer.from(unsubscribeToken(secret, tenantSlug, searchId));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function unsubscribeUrl(secret: string, linkBase: string, tenantSlug: string, searchId: string): string {
  const token = unsubscribeToken(secret, tenantSlug, searchId);
  return `${linkBase}/alerts/unsubscribe?search=${searchId}&token=${token}`;
}
