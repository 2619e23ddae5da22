/**
 * Addenda: while a notice is open for bids, an officer of its agency amends it with a summary,
 * optionally a new submission deadline or opening time, and added or replacement documents. The
 * tenant's addendum-lead-time rule may extend the deadline by itself (deadline-rules.ts); each
 * addendum bumps the notice's revision and number suffix and tells bidders and askers by e-mail
 * (amend.ts). Replaced documents stay downloadable, marked with their successor.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { RequestDeps } from '../../approvals/approval.js';
import {
  assertNothingPending,
  sendForCheck,
  type AwaitingCheck,
  type CheckedBy,
} from '../../approvals/mutual-checks.js';
import type { AuditContext } from '../../audit/trail.js';
import type { FieldDetail } from '../../http/errors.js';
import { ValidationError } from '../../http/validate.js';
import type { Actor } from '../../identity/actor.js';
import { assertCan } from '../../identity/policy.js';
import { addendumDates } from '../../regulations/deadline-rules.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { now } from '../../time/clock.js';
import { amendNotice, lockNotice, type AmendableNotice, type AmendDeps, type IssuedAddendum } from './amend.js';
import { addendumFacts, noticeAddendumKind } from './addendum-check.js';
import {
  type AddendumChanges,
  type AddendumFields,
  type AddendumInput,
  type PlacedDocuments,
} from './addendum-input.js';
import { holdDocuments } from './held-documents.js';

export {
  addendumFields,
  addendumSchema,
  type AddendumChanges,
  type AddendumFields,
  type AddendumInput,
  type PlacedDocuments,
} from './addendum-input.js';
import { storeDocuments } from './documents.js';
import { NoticeNotFoundError, NoticeStateError } from './errors.js';
import type { CheckedFile } from './uploads.js';

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

const REPLACE = /^replace_([0-9a-f-]{36})$/;

/** Files come in "documents" (added) and "replace_<documentId>" (a new version of that document). */
export const isAddendumFileField = (field: string) => field === 'documents' || REPLACE.test(field);

/** The addendum's fields and its checked files, sorted into added documents and replacements. */
export function addendumInput(fields: AddendumFields, files: CheckedFile[]): AddendumInput {
  return {
    ...fields,
    added: files.filter((f) => f.field === 'documents').map((f) => f.document),
    replacements: files
      .filter((f) => REPLACE.test(f.field))
      .map((f) => ({ replaces: REPLACE.exec(f.field)![1]!, document: f.document })),
  };
}

const iso = (d: Date) => d.toISOString();
const moved = (before: Date, after: Date) =>
  before.getTime() === after.getTime() ? undefined : { before: iso(before), after: iso(after) };

/** Replacements must name current documents of the notice, each once. */
function replacementProblems(input: AddendumInput, names: Map<string, string>): FieldDetail[] {
  const problems: FieldDetail[] = [];
  const seen = new Set<string>();
  for (const r of input.replacements) {
    if (!names.has(r.replaces) || seen.has(r.replaces))
      problems.push({ field: `replace_${r.replaces}`, key: 'addenda:unknown_document' });
    seen.add(r.replaces);
  }
  return problems;
}

/** The new dates under the tenant's rules, or every problem with the addendum. */
async function checkedDates(tx: Knex.Transaction, tenant: TenantHandle, notice: AmendableNotice, input: AddendumInput) {
  const at = await now(tx);
  if (notice.status !== 'active' || notice.opened_at || notice.submission_deadline <= at)
    throw new NoticeStateError('addenda:not_open');
  const current = await tx('notice_documents')
    .where({ notice_id: notice.id })
    .whereNull('superseded_by')
    .select<{ id: string; file_name: string }[]>('id', 'file_name');
  const names = new Map(current.map((d) => [d.id, d.file_name]));
  const problems = replacementProblems(input, names);
  const dates = addendumDates(
    tenant.config,
    at,
    { deadline: notice.submission_deadline, opening: notice.opening_at },
    { deadline: input.submissionDeadline, opening: input.openingAt },
  );
  if (Array.isArray(dates)) problems.push(...dates);
  if (problems.length > 0 || Array.isArray(dates)) throw new ValidationError(problems);
  return { dates, names };
}

type Dates = Awaited<ReturnType<typeof checkedDates>>['dates'];

const placeDocuments = (input: AddendumInput): PlacedDocuments => ({
  added: input.added.map((document) => ({ id: randomUUID(), document })),
  replacing: input.replacements.map((r) => ({ id: randomUUID(), document: r.document, replaces: r.replaces })),
});

/** The record of what the addendum changes. */
function changesOf(
  notice: AmendableNotice,
  input: AddendumInput,
  checked: { dates: Dates; names: Map<string, string> },
  placed: PlacedDocuments,
): AddendumChanges {
  const { dates, names } = checked;
  const { added, replacing } = placed;
  return {
    submissionDeadline: moved(notice.submission_deadline, dates.deadline),
    openingAt: moved(notice.opening_at, dates.opening),
    ...(dates.leadTime
      ? { requestedDeadline: iso(input.submissionDeadline ?? notice.submission_deadline), leadTime: dates.leadTime }
      : {}),
    documents: {
      added: [...added, ...replacing].map((d) => ({ id: d.id, file: d.document.fileName, sha256: d.document.sha256 })),
      superseded: replacing.map((r) => ({ id: r.replaces, file: names.get(r.replaces)!, by: r.id })),
    },
  };
}

/** Who issues the addendum: the officer, or the second officer approving it; the files' uploader. */
export interface AddendumDoer {
  tenant: TenantHandle;
  audit: AuditContext;
  userId: string;
  uploadedBy: string;
}

/**
 * Issues the addendum now, its dates checked under the tenant's rules as of now (the lead time
 * counts from the actual issue): the new revision, the documents, the mail to those concerned.
 */
export async function issueNow(
  tx: Knex.Transaction,
  services: AmendDeps,
  step: { doer: AddendumDoer; notice: AmendableNotice; input: AddendumInput; placed: PlacedDocuments },
  checked?: CheckedBy,
): Promise<IssuedAddendum> {
  const { doer, notice, input, placed } = step;
  const dated = await checkedDates(tx, doer.tenant, notice, input);
  const changes = changesOf(notice, input, dated, placed);
  const { dates } = dated;
  const issued = await amendNotice(
    tx,
    services,
    { actor: doer, notice },
    {
      summary: input.summary,
      deadline: dates.deadline,
      opening: dates.opening,
      extendedByRule: dates.extendedByRule,
      rules: dates.rules,
      changes,
      issuedBy: doer.userId,
      checked,
      mail: { template: 'addendum_issued', params: { summary: input.summary } },
    },
  );
  await storeDocuments(tx, notice.id, issued.id, doer.uploadedBy, [...placed.added, ...placed.replacing]);
  for (const r of placed.replacing)
    await tx('notice_documents').where({ id: r.replaces }).update({ superseded_by: r.id });
  return issued;
}

export function addendaService(services: AmendDeps & RequestDeps) {
  return {
    /**
     * Issues the addendum, or, where the tenant's rules ask for a mutual check, sends it to a
     * second officer of the agency once it would be accepted now (its files are held meanwhile).
     */
    async issue(actor: Actor, noticeId: string, input: AddendumInput): Promise<IssuedAddendum | AwaitingCheck> {
      const user = actor.user;
      assertCan(user, 'notices:manage');
      return inTenant(actor.tenant, async (tx) => {
        const notice = await lockNotice(tx, noticeId);
        assertCan(user, 'notices:manage', notice.agency_id);
        await assertNothingPending(tx, { targetType: 'notice', targetId: notice.id });
        const placed = placeDocuments(input);
        const changes = changesOf(notice, input, await checkedDates(tx, actor.tenant, notice, input), placed);
        const check = await sendForCheck(tx, services, actor, {
          action: 'notice-addendum',
          kind: noticeAddendumKind,
          targetType: 'notice',
          targetId: notice.id,
          agencyId: notice.agency_id,
          summary: addendumFacts(notice, input, changes),
          at: await now(tx),
        });
        if (check) {
          await holdDocuments(tx, { approvalId: check.approvalId, noticeId: notice.id, uploadedBy: user.id }, placed);
          return check;
        }
        const doer = { tenant: actor.tenant, audit: actor.audit, userId: user.id, uploadedBy: user.id };
        return issueNow(tx, services, { doer, notice, input, placed });
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

/** The addenda of a published notice, for everyone. */
export async function readAddenda(actor: Actor, noticeId: string): Promise<AddendumRow[]> {
  const rows = await inTenant(actor.tenant, async (tx) =>
    (await tx('notices').where({ id: noticeId }).whereNot('status', 'planning').first('id'))
      ? noticeAddenda(tx, noticeId)
      : undefined,
  );
  if (!rows) throw new NoticeNotFoundError();
  return rows;
}
