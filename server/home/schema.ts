/** The tenant's public description as the API answers it. */
import { z } from 'zod';

export const TenantDescription = z.object({
  slug: z.string(),
  instanceSlug: z.string(),
  name: z.string(),
  provisionedAt: z.iso.datetime(),
  serverTime: z.iso.datetime(),
  defaultLanguage: z.string(),
  languages: z.array(z.string()),
  currency: z.string(),
  timeZone: z.string(),
  weekend: z.array(z.string()),
});
