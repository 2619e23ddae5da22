/** What opening and a failed tender take (the officer's forms) and answer (the API's schemas). */
import { z } from 'zod';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { localDateTime } from '../notices/schema.js';

/** A direct contract's written justification. */
export const Justification = z.object({ justification: z.string().trim().min(20).max(8000) });

/** A re-tender's dates, local to the tenant's time zone. */
export const retenderSchema = (tenant: TenantHandle) =>
  z.object({
    submissionDeadline: localDateTime(tenant.config.timeZone),
    openingAt: localDateTime(tenant.config.timeZone),
  });

const OpenedBid = z.object({
  receiptNo: z.string(),
  supplier: z.object({ registrationNo: z.string(), name: z.record(z.string(), z.string()) }),
  lot: z.number().int(),
  submittedAt: z.iso.datetime(),
  sha256: z.string(),
  price: z.number().nullable().describe('Null while the price envelope is sealed (two-envelope tenders)'),
  bidSecurityAmount: z.number().nullable(),
  picks: z.array(z.number().int()).nullable(),
  files: z.array(z.object({ name: z.string(), sha256: z.string(), size: z.number().int() })),
  valid: z.boolean(),
  invalidReason: z.string().nullable(),
  hashVerified: z
    .boolean()
    .nullable()
    .describe('The receipt hash recomputed from the unsealed contents (null while the price envelope is sealed)'),
});

/** The published opening record. */
export const OpeningAnswer = z.object({
  noticeId: z.uuid(),
  envelope: z.enum(['single', 'technical']),
  outcome: z.enum(['opened', 'failed']),
  openedAt: z.iso.datetime(),
  minimumValidBids: z.number().int(),
  validBids: z.number().int(),
  bids: z.array(OpenedBid),
  reserve: z
    .object({
      candidates: z.array(z.number()),
      counts: z.array(z.number().int()),
      chosen: z.array(z.number().int()),
      reservePrice: z.number(),
      rule: z.string(),
    })
    .nullable(),
  flags: z.array(
    z.object({ kind: z.enum(['same-device', 'same-address', 'same-authenticator']), receipts: z.array(z.string()) }),
  ),
  rules: z.array(z.string()),
});

export const RetenderAnswer = z.object({
  id: z.uuid().describe('The new draft notice'),
  statusDetails: z.literal('draft'),
});

export const DirectContractVerdictAnswer = z.object({
  allowed: z.boolean(),
  reason: z.enum(['small-value', 'failed-attempts']).optional().describe('When allowed'),
  failedAttemptsNeeded: z.number().int().optional().describe('When not allowed yet'),
  rules: z.array(z.string()),
  failed: z.number().int().describe('Failed tenders in the re-tender chain so far'),
});

export const DirectContractAnswer = z.object({
  reason: z.enum(['small-value', 'failed-attempts']),
  rules: z.array(z.string()),
});
