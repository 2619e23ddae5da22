/** What the HTTP layer adds to every request. */
import type { TFunction } from 'i18next';
import type { Language } from '../i18n/languages.js';
import type { Actor } from '../identity/actor.js';
import type { SessionUser } from '../identity/users.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    // The signed-in user, from the session (browser) or a bearer token (API).
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends SessionUser {}
    interface Request {
      /** The resolved tenant, present under /t/<slug>/ and on a tenant's own host. */
      tenant?: TenantHandle;
      /** Who acts in that tenant (identity/actor.ts); set on the tenant routers only. */
      actor: Actor;
      lng: Language;
      t: TFunction;
    }
  }
}

export {};
