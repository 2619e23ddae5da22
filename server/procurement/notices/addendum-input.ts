/** What an addendum is made of: the officer's fields and files, and the record of what it changes. */
import { z } from 'zod';
import type { CheckedDocument } from '../../suppliers/documents.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { localDateTime } from './schema.js';

/** A form's empty date field means "keep the date". */
const optionalDateTime = (timeZone: string) =>
  z.preprocess((v) => (v === '' || v === null ? undefined : v), localDateTime(timeZone).optional());

export function addendumSchema(timeZone: string) {
  return z.object({
    summary: z.string().trim().min(5).max(4000),
    submissionDeadline: optionalDateTime(timeZone),
    openingAt: optionalDateTime(timeZone),
  });
}

/** The addendum's fields under the tenant's time zone (a validate() shape). */
export const addendumFields = (tenant: TenantHandle) => addendumSchema(tenant.config.timeZone);

export type AddendumFields = z.infer<ReturnType<typeof addendumSchema>>;

export interface AddendumInput extends AddendumFields {
  added: CheckedDocument[];
  /** New versions of current documents of the notice, by the id of the document they replace. */
  replacements: { replaces: string; document: CheckedDocument }[];
}

export interface AddendumChanges {
  submissionDeadline?: { before: string; after: string };
  openingAt?: { before: string; after: string };
  requestedDeadline?: string;
  leadTime?: { days: number; extendBy: number; unit: 'calendar' | 'business'; rule: string };
  documents?: {
    added: { id: string; file: string; sha256: string }[];
    superseded: { id: string; file: string; by: string }[];
  };
  outage?: { id: string; from: string; to: string; reason: string; days: number; unit: 'calendar' | 'business' };
}

/** The documents an addendum stores, under the ids they will have (chosen when it is asked). */
export interface PlacedDocuments {
  added: { id: string; document: CheckedDocument }[];
  replacing: { id: string; document: CheckedDocument; replaces: string }[];
}
