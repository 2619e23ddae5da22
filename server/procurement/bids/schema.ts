/** A sealed bid as a supplier submits it (API and form). */
import { z } from 'zod';
import { PasskeyAssertionField } from '../../passkeys/schema.js';
import { amountInMinorUnits } from '../plans/schema.js';
import { priceListFromForm, priceListSchema } from '../frameworks/schema.js';

const pick = z.coerce.number().int().min(1).max(50);

const schemas = new Map<string, ReturnType<typeof buildBidSchema>>();

/** One schema per currency, built once: zod compiles a schema on its first use. */
export function bidSchema(currency: string) {
  let schema = schemas.get(currency);
  if (!schema) schemas.set(currency, (schema = buildBidSchema(currency)));
  return schema;
}

function buildBidSchema(currency: string) {
  // The bid page posts a framework's unit prices as `priceList.<item>` fields (frameworks/schema.ts).
  return z.preprocess(priceListFromForm, bidObject(currency));
}

function bidObject(currency: string) {
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
    /** A framework notice's unit prices, one per item, sealed in the price envelope. */
    priceList: priceListSchema(currency).optional(),
    /** The authenticator's assertion over the bid (the bid page's passkey confirmation), as JSON. */
    passkeyAssertion: PasskeyAssertionField,
  });
}

export type BidInput = z.infer<ReturnType<typeof buildBidSchema>>;

const ReceiptFile = z.object({ name: z.string(), sha256: z.string(), size: z.number().int() });

/** The receipt of a submission, as the API answers it. */
export const ReceiptAnswer = z.object({
  bidId: z.uuid(),
  receiptNo: z.string(),
  noticeNo: z.string(),
  lot: z.number().int(),
  status: z.enum(['current', 'replaced', 'withdrawn']),
  submittedAt: z.iso.datetime().describe("The tenant's time at which the bid was written"),
  sha256: z.string().describe('SHA-256 (hex) of the JCS-canonical submission, salt included'),
  salt: z.string().describe('Lets the bidder re-check the hash'),
  files: z.array(ReceiptFile),
  replaced: z.string().nullable().describe('The receipt number of the bid this one replaced'),
  passkeyCredentialId: z.string().optional().describe('The passkey that confirmed the bid, when one did'),
});

/** A supplier's receipts for a notice (never contents). */
export const OwnBidsAnswer = z.object({
  bids: z.array(
    z.object({
      id: z.uuid(),
      receiptNo: z.string(),
      lot: z.number().int(),
      status: z.string(),
      submittedAt: z.iso.datetime(),
      sha256: z.string(),
    }),
  ),
});

export const ServerTimeAnswer = z.object({
  serverTime: z.iso.datetime(),
  timeZone: z.string().describe('The tenant time zone (IANA)'),
});

/** The form's withdraw button names the notice to come back to. */
export const WithdrawForm = z.object({ noticeId: z.uuid() });
