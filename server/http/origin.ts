/** Absolute links for e-mails: PUBLIC_URL when configured, else the request's own origin. */
import type { Request } from 'express';

export function tenantLink(req: Request, publicUrl: string | undefined, path: string): string {
  const origin = publicUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
  return `${origin.replace(/\/$/, '')}${req.baseUrl}${path}`;
}
