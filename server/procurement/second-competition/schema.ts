/** What a quote takes: one unit price per order line (API JSON; the page form in `price.<n>` fields). */
import { z } from 'zod';

export const QuoteInput = z.object({
  lines: z
    .array(
      z.object({
        number: z.coerce.number().int().positive(),
        unitPrice: z.coerce
          .number({ error: 'competition:price_invalid' })
          .int({ error: 'competition:price_invalid' })
          .positive({ error: 'competition:price_invalid' }),
      }),
    )
    .min(1),
});
export type QuoteInput = z.infer<typeof QuoteInput>;

/** A posted form (`price.1`, `price.2` …) in the API's shape. */
export function quoteFromForm(body: Record<string, unknown>): Record<string, unknown> {
  const lines = Object.entries(body)
    .filter(([k]) => /^price\.\d+$/.test(k))
    .map(([k, v]) => ({ number: Number(k.slice(6)), unitPrice: v === '' ? undefined : v }));
  return { lines };
}

export const QuoteReceiptAnswer = z.object({
  receiptNo: z.string(),
  sha256: z.string(),
  salt: z.string(),
  submittedAt: z.string(),
  replaced: z.string().nullable(),
});

/** The page's quote form, read into the API's shape. */
export const QuoteForm = z.preprocess((body) => quoteFromForm((body ?? {}) as Record<string, unknown>), QuoteInput);
