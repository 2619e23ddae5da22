/**
 * Drafts an officer can fix: edit (the whole draft, as typed again), delete, and read with what
 * publication would say of it today. Only an officer of the draft's agency, only while it is a
 * draft; a published notice changes by addendum only (addenda.ts). The warnings are publication's
 * own verdicts (publish-rules.ts), so a draft and its publication never disagree.
 */
import type { Approval } from '../../approvals/approval.js';
import { assertNothingPending } from '../../approvals/mutual-checks.js';
import { pendingApprovalShown } from '../../approvals/request.js';
import type { Deps } from '../../deps.js';
import type { FieldDetail } from '../../http/errors.js';
import type { Actor } from '../../identity/actor.js';
import { assertCan } from '../../identity/policy.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import { now } from '../../time/clock.js';
import { noticeDocuments, type DocumentRow } from './documents.js';
import { NoticeNotFoundError, NoticeStateError } from './errors.js';
import { publishRefusals } from './publish-rules.js';
import type { NoticeRow } from './read.js';
import type { NoticeDraft } from './schema.js';
import { assertSensibleDates, draftRow, lockNotice } from './service.js';
import type { Knex } from 'knex';

/** The draft, locked, of the officer's agency: 404 when there is none, 403 for another agency, 422 once published. */
async function ownDraft(tx: Knex.Transaction, actor: Actor, id: string): Promise<NoticeRow> {
  const notice = await lockNotice(tx, id);
  assertCan(actor.user, 'notices:manage', notice.agency_id);
  if (notice.status_details !== 'draft') throw new NoticeStateError('notices:draft_only');
  // The checker approves what they read: a draft waiting for its check stays as it was sent.
  await assertNothingPending(tx, { targetType: 'notice', targetId: id });
  return notice;
}

/** What publication would refuse now, as warnings on the draft. */
function findingsOf(tx: Knex.Transaction, actor: Actor, notice: NoticeRow, at: Date): Promise<FieldDetail[]> {
  return publishRefusals(tx, notice, { tenant: actor.tenant, at }).then((v) => v.problems);
}

export interface DraftView {
  notice: NoticeRow;
  documents: DocumentRow[];
  /** Why publication would be refused if asked now (empty: it would be published). */
  findings: FieldDetail[];
  /** The change to the notice waiting for a second officer's check, if any, and who asked for it. */
  pending: (Approval & { requesterName: string }) | undefined;
}

export function draftsService(services: Pick<Deps, 'audit'>) {
  return {
    /** Replaces what the officer typed; answers the warnings publication would give now. */
    async update(actor: Actor, id: string, input: NoticeDraft): Promise<FieldDetail[]> {
      assertCan(actor.user, 'notices:manage');
      return inTenant(actor.tenant, async (tx) => {
        const before = await ownDraft(tx, actor, id);
        const at = await now(tx);
        assertSensibleDates(input, at);
        const { title, row } = draftRow(actor.tenant, actor.user!, input);
        // The draft keeps its author and agency: only what the officer typed is replaced.
        const changes: Partial<typeof row> = { ...row };
        delete changes.created_by;
        delete changes.agency_id;
        const [after] = await tx('notices').where({ id }).update(changes).returning<NoticeRow[]>('*');
        await services.audit.record(tx, actor.tenant, actor.audit, {
          action: 'notice.draft-updated',
          target: { type: 'notice', id },
          summary: {
            before: {
              title: before.title,
              deadline: before.submission_deadline.toISOString(),
              opening: before.opening_at.toISOString(),
              bidSecurityPercent: Number(before.bid_security_percent),
            },
            after: {
              title,
              deadline: input.submissionDeadline.toISOString(),
              opening: input.openingAt.toISOString(),
              bidSecurityPercent: input.bidSecurityPercent,
            },
          },
        });
        return findingsOf(tx, actor, after!, at);
      });
    },

    /**
     * Deletes a draft and its documents. A draft others already refer to stays on record: one with
     * a pre-specification disclosure (suppliers commented on it) or a re-tender of a failed notice.
     */
    async remove(actor: Actor, id: string): Promise<void> {
      assertCan(actor.user, 'notices:manage');
      await inTenant(actor.tenant, async (tx) => {
        const notice = await ownDraft(tx, actor, id);
        const disclosed = await tx('pre_specifications')
          .where({ notice_id: id })
          .first<{ id: string } | undefined>('id');
        if (disclosed || notice.retender_of) throw new NoticeStateError('notices:draft_on_record');
        const documents = await tx('notice_documents').where({ notice_id: id }).del();
        await tx('notices').where({ id }).del();
        await services.audit.record(tx, actor.tenant, actor.audit, {
          action: 'notice.draft-deleted',
          target: { type: 'notice', id },
          summary: {
            before: {
              title: notice.title,
              category: notice.category,
              deadline: notice.submission_deadline.toISOString(),
              documents,
            },
          },
        });
      });
    },
  };
}

/** A notice of the officer's agency with its documents and, while a draft, what publication would refuse now. */
export async function readDraft(actor: Actor, id: string): Promise<DraftView> {
  assertCan(actor.user, 'notices:manage');
  return inTenant(actor.tenant, async (tx) => {
    const notice = await tx<NoticeRow>('notices').where({ id }).first();
    if (!notice) throw new NoticeNotFoundError();
    assertCan(actor.user, 'notices:manage', notice.agency_id);
    const documents = (await noticeDocuments(tx, id)).filter((d) => !d.superseded_by);
    const findings = notice.status_details === 'draft' ? await findingsOf(tx, actor, notice, await now(tx)) : [];
    const pending = await pendingApprovalShown(tx, { targetType: 'notice', targetId: id });
    return { notice, documents, findings, pending };
  });
}
