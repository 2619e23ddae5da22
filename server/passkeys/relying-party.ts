/**
 * The WebAuthn relying party of a request: its id (a host name) and the origin the browser reports.
 *
 * The choice: PUBLIC_URL when the request came to that host (production behind a TLS terminator:
 * the browser's origin is the public https one, whatever protocol the last hop used); otherwise the
 * request's own origin (req.protocol and req.hostname follow TRUST_PROXY), which covers a tenant
 * served on its own host and development. A passkey is bound to the rp id it was registered under:
 * a tenant moved to another host name needs its users to register again.
 */
import type { Request } from 'express';
import { tenantDisplayName } from '../http/tenant-locals.js';

export interface RelyingParty {
  id: string;
  origin: string;
  name: string;
}

export function relyingParty(req: Request, publicUrl: string | undefined): RelyingParty {
  const own = new URL(`${req.protocol}://${req.get('host') ?? 'localhost'}`);
  const configured = publicUrl ? new URL(publicUrl) : undefined;
  const origin = configured && configured.hostname === own.hostname ? configured.origin : own.origin;
  return { id: new URL(origin).hostname, origin, name: tenantDisplayName(req.actor.tenant, 'en') };
}
