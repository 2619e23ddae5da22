/**
 * Addenda: while a notice is open for bids, an officer of its agency amends it with a summary,
 * optionally a new submission deadline or opening time, and added or replacement documents. The
 * tenant's addendum-lead-time rule may extend the deadline by itself (deadline-rules.ts); each
 * addendum bumps the notice's revision and number suffix and tells bidders and askers by e-mail
 * (amend.ts). Replaced documents stay downloadable, marked with their successor.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { z } from 'zod';
import type { AuditContext } from '../../audit/trail.js';
import type { FieldDetail } from '../../http/errors.js';
import { ValidationError } from '../../http/validate.js';
import { assertCan } from '../../identity/policy.js';
import type { SessionUser } from '../../identity/users.js';
import type { Deps } from '../../deps.js';
import type { CheckedDocument } from '../../suppliers/documents.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { now } from '../../time/clock.js';
import { amendNotice, lockNotice, type IssuedAddendum } from './amend.js';
import { addendumDates } from '../../regulations/deadline-rules.js';
import { storeDocuments } from './documents.js';
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

export type AddendumFields = z.infer<ReturnType<typeof addendumSchema>>;

export interface AddendumInput extends AddendumFields {
  added: CheckedDocument[];
  /** New versions of current documents of the notice, by the id of the document they replace. */
  replacements: { replaces: string; document: CheckedDocument }[];
}

export interface AddendumRow {
  id: string;
  number: number;
  revision: number;
  summary: string;
  changes: AddendumChanges;
  extended_by_rule: boolean;
  applied_rules: string[];
  outage_id: string | null;
  issued_at: Date;
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

const iso = (d: Date) => d.toISOString();
const moved = (before: Date, after: Date) =>
  before.getTime() === after.getTime() ? undefined : { before: iso(before), after: iso(after) };

export function addendaService(services: Pick<Deps, 'audit' | 'mailer' | 'relay'>) {
  return {
    async issue(
      tenant: TenantHandle,
      user: SessionUser,
      context: AuditContext,
      noticeId: string,
      input: AddendumInput,
    ): Promise<IssuedAddendum> {
      assertCan(user, 'notices:manage');
      return inTenant(tenant, async (tx) => {
        const notice = await lockNotice(tx, noticeId);
        assertCan(user, 'notices:manage', notice.agency_id);
        const at = await now(tx);
        if (notice.status !== 'active' || notice.opened_at || notice.submission_deadline <= at)
          throw new ValidationError([{ field: '(body)', key: 'addenda:not_open' }]);

        const current = await tx('notice_documents')
          .where({ notice_id: notice.id })
          .whereNull('superseded_by')
          .select<{ id: string; file_name: string }[]>('id', 'file_name');
        const names = new Map(current.map((d) => [d.id, d.file_name]));
        const problems: FieldDetail[] = [];
        const seen = new Set<string>();
        for (const r of input.replacements) {
          if (!names.has(r.replaces) || seen.has(r.replaces))
            problems.push({ field: `replace_${r.replaces}`, key: 'addenda:unknown_document' });
          seen.add(r.replaces);
        }
        const dates = addendumDates(
          tenant.config,
          at,
          { deadline: notice.submission_deadline, opening: notice.opening_at },
          { deadline: input.submissionDeadline, opening: input.openingAt },
        );
        if (Array.isArray(dates)) problems.push(...dates);
        if (problems.length > 0 || Array.isArray(dates)) throw new ValidationError(problems);

        const added = input.added.map((document) => ({ id: randomUUID(), document }));
        const replacing = input.replacements.map((r) => ({
          id: randomUUID(),
          document: r.document,
          replaces: r.replaces,
        }));
        const changes: AddendumChanges = {
          submissionDeadline: moved(notice.submission_deadline, dates.deadline),
          openingAt: moved(notice.opening_at, dates.opening),
          ...(dates.leadTime
            ? {
                requestedDeadline: iso(input.submissionDeadline ?? notice.submission_deadline),
                leadTime: dates.leadTime,
              }
            : {}),
          documents: {
            added: [...added, ...replacing].map((d) => ({
              id: d.id,
              file: d.document.fileName,
              sha256: d.document.sha256,
            })),
            superseded: replacing.map((r) => ({ id: r.replaces, file: names.get(r.replaces)!, by: r.id })),
          },
        };
        const issued = await amendNotice(tx, services, tenant, context, notice, {
          summary: input.summary,
          deadline: dates.deadline,
          opening: dates.opening,
          extendedByRule: dates.extendedByRule,
          rules: dates.rules,
          changes,
          issuedBy: user.id,
          mail: { template: 'addendum_issued', params: { summary: input.summary } },
        });
        await storeDocuments(tx, notice.id, issued.id, user.id, [...added, ...replacing]);
        for (const r of replacing)
          await tx('notice_documents').where({ id: r.replaces }).update({ superseded_by: r.id });
        return issued;
      });
    },
  };
}

export function noticeAddenda(tx: Knex.Transaction, noticeId: string): Promise<AddendumRow[]> {
  return tx('notice_addenda')
    .where({ notice_id: noticeId })
    .orderBy('number')
    .select<AddendumRow[]>(
      'id',
      'number',
      'revision',
      'summary',
      'changes',
      'extended_by_rule',
      'applied_rules',
      'outage_id',
      'issued_at',
    );
}

/** An addendum as the API shows it. */
export function publicAddendum(a: AddendumRow) {
  return {
    number: a.number,
    revision: a.revision,
    summary: a.summary,
    issuedAt: a.issued_at.toISOString(),
    changes: a.changes,
    extendedByRule: a.extended_by_rule,
    appliedRules: a.applied_rules,
    automatic: a.outage_id !== null,
  };
}
