/** What the HTTP layer adds to every request. */
import type { TFunction } from 'i18next';
import type { Language } from '../i18n/languages.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** The resolved tenant, present under /t/<slug>/ and on a tenant's own host. */
      tenant?: TenantHandle;
      lng: Language;
      t: TFunction;
    }
  }
}

export {};
