/** The console's forms and addresses, parsed at the edge (http/validate.ts). */
import { z } from 'zod';
import { LANGUAGES } from '../i18n/languages.js';
import { SLUG_PATTERN } from '../tenancy/slug.js';
import { ACCOUNT_ACTIONS } from './account-actions.js';
import { CALL_OUTCOMES, CALL_TOPICS, IDENTITY_CHECKS } from './catalog.js';

const Slug = z.string().regex(SLUG_PATTERN);
const Id = z.uuid();
const optionalText = (max: number) => z.string().trim().max(max).default('');
const wallClock = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'callcenter:follow_up_invalid')
  .or(z.literal('').transform(() => undefined))
  .optional();
/** Checkboxes: one value arrives as a string, several as a list, none as nothing. */
const many = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (v): unknown[] => (v === undefined ? [] : Array.isArray(v) ? (v as unknown[]) : [v]),
    z.array(item).max(20),
  );

export const SearchQuery = z.object({ q: z.string().trim().max(200).optional() });
export const RecordParams = z.object({ tenant: Slug, id: Id });
export const RecordQuery = z.object({ ticket: Id.optional(), done: z.enum(ACCOUNT_ACTIONS).optional() });

export const IdentityCheckForm = z.object({ ticketId: Id, answered: many(z.enum(IDENTITY_CHECKS)) });
export const AccountActionForm = z.object({
  ticketId: Id,
  action: z.enum(ACCOUNT_ACTIONS),
  reason: optionalText(2000),
});

export const TicketsQuery = z.object({
  tenant: Slug.optional().or(z.literal('').transform(() => undefined)),
  language: z
    .enum(LANGUAGES)
    .optional()
    .or(z.literal('').transform(() => undefined)),
  status: z.enum(['open', 'closed', 'all']).default('open'),
  mine: z.enum(['1', '']).optional(),
  q: z.string().trim().max(100).optional(),
});

export const NewTicketQuery = z.object({
  tenant: Slug.optional(),
  user: Id.optional(),
  supplier: Id.optional(),
  name: z.string().max(200).optional(),
});

export const NewTicketForm = z.object({
  tenant: Slug,
  callerName: z.string().trim().min(1).max(200),
  callerContact: optionalText(200),
  userId: Id.optional().or(z.literal('').transform(() => undefined)),
  supplierId: Id.optional().or(z.literal('').transform(() => undefined)),
  language: z.enum(LANGUAGES),
  topic: z.enum(CALL_TOPICS),
  notes: optionalText(4000),
  followUpAt: wallClock,
});

export const TicketUpdateForm = z.object({
  note: optionalText(4000),
  followUpAt: wallClock,
  clearFollowUp: z.enum(['1']).optional(),
});
export const HandOverForm = z.object({ to: Id, note: optionalText(2000) });
export const CloseForm = z.object({ outcome: z.enum(CALL_OUTCOMES), note: optionalText(4000) });
