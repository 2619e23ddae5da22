/** Absolute links for e-mails: PUBLIC_URL when configured, else the request's own origin. */
import type { Request } from 'express';
import type { TenantHandle } from '../tenancy/tenant-handle.js';

export function tenantLink(req: Request, publicUrl: string | undefined, path: string): string {
  const origin = publicUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
  return `${origin.replace(/\/$/, '')}${req.baseUrl}${path}`;
}

/** The path a tenant's pages are served under: `/t/<slug>`, or `/s/<slug>` for a training sandbox. */
export function tenantBasePath(tenant: Pick<TenantHandle, 'slug' | 'kind'>): string {
  return `${tenant.kind === 'sandbox' ? '/s' : '/t'}/${tenant.slug}`;
}
