/** A sealed bid as a supplier submits it (API and form). */
import { z } from 'zod';
import { amountInMinorUnits } from '../plans/schema.js';

const pick = z.coerce.number().int().min(1).max(50);

const schemas = new Map<string, ReturnType<typeof buildBidSchema>>();

/** One schema per currency, built once: zod compiles a schema on its first use. */
export function bidSchema(currency: string) {
  let schema = schemas.get(currency);
  if (!schema) schemas.set(currency, (schema = buildBidSchema(currency)));
  return schema;
}

function buildBidSchema(currency: string) {
  return z.object({
    lot: z.coerce.number().int().min(0).max(999).default(0),
    price: amountInMinorUnits(currency),
    bidSecurityAmount: amountInMinorUnits(currency),
    /** Reserve-price candidates chosen by number (multiple reserve prices only). */
    picks: z
      .union([pick, z.array(pick)])
      .transform((v) => (Array.isArray(v) ? v : [v]))
      .optional(),
    technicalNote: z.string().trim().max(8000).optional(),
  });
}

export type BidInput = z.infer<ReturnType<typeof buildBidSchema>>;
