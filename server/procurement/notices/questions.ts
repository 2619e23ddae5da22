/**
 * Clarification questions: supplier users ask about an open notice; the officers of the notice's
 * agency answer; answers are published to everyone, never naming the asker; the asker is told by
 * e-mail in their language.
 */
import type { Deps } from '../../deps.js';
import { ValidationError } from '../../http/validate.js';
import type { Actor } from '../../identity/actor.js';
import { assertCan } from '../../identity/policy.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import { NoticeNotFoundError, QuestionNotFoundError } from './errors.js';

export interface PublicQuestion {
  id: string;
  question: string;
  answer: string | null;
  askedAt: Date;
  answeredAt: Date | null;
}

export function questionsService(services: Pick<Deps, 'audit' | 'mailer'>) {
  return {
    async ask(actor: Actor, noticeId: string, question: string): Promise<string> {
      const user = actor.user;
      assertCan(user, 'supplier:read-own');
      return inTenant(actor.tenant, async (tx) => {
        const notice = await tx('notices')
          .where({ id: noticeId })
          .first<{ id: string; status: string; submission_deadline: Date } | undefined>();
        if (!notice || notice.status === 'planning') throw new NoticeNotFoundError();
        const open = await tx.raw<{ rows: { open: boolean }[] }>('select app_now() < ? as open', [
          notice.submission_deadline,
        ]);
        if (notice.status !== 'active' || !open.rows[0]!.open)
          throw new ValidationError([{ field: 'question', key: 'notices:questions_closed' }]);
        const [row] = await tx('notice_questions')
          .insert({ notice_id: notice.id, asked_by: user.id, question })
          .returning<{ id: string }[]>('id');
        await services.audit.record(tx, actor.tenant, actor.audit, {
          action: 'notice.question-asked',
          target: { type: 'notice', id: notice.id },
          summary: { question: row!.id },
        });
        return row!.id;
      });
    },

    async answer(actor: Actor, questionId: string, answer: string): Promise<void> {
      const user = actor.user;
      await inTenant(actor.tenant, async (tx) => {
        const row = await tx('notice_questions as q')
          .join('notices as n', 'n.id', 'q.notice_id')
          .join('users as u', 'u.id', 'q.asked_by')
          .where('q.id', questionId)
          .forUpdate('q')
          .first<
            | {
                id: string;
                notice_id: string;
                agency_id: string;
                answer: string | null;
                email: string;
                locale: string | null;
                display_name: string;
                notice_no: string | null;
              }
            | undefined
          >('q.id', 'q.notice_id', 'n.agency_id', 'q.answer', 'u.email', 'u.locale', 'u.display_name', 'n.notice_no');
        if (!row) throw new QuestionNotFoundError();
        assertCan(user, 'notices:manage', row.agency_id);
        if (row.answer) throw new ValidationError([{ field: 'answer', key: 'notices:already_answered' }]);
        await tx('notice_questions')
          .where({ id: row.id })
          .update({ answer, answered_by: user.id, answered_at: tx.raw('app_now()') });
        await services.mailer.queue(tx, actor.tenant, {
          to: row.email,
          locale: row.locale,
          template: 'question_answered',
          params: { name: row.display_name, notice: row.notice_no ?? '' },
        });
        await services.audit.record(tx, actor.tenant, actor.audit, {
          action: 'notice.question-answered',
          target: { type: 'notice', id: row.notice_id },
          summary: { question: row.id },
        });
      });
    },
  };
}

/** Everyone sees the questions and answers of a notice, without the askers. */
export async function publicQuestions(actor: Actor, noticeId: string): Promise<PublicQuestion[]> {
  return inTenant(actor.tenant, async (tx) =>
    (
      await tx('notice_questions')
        .where({ notice_id: noticeId })
        .orderBy('asked_at')
        .select<{ id: string; question: string; answer: string | null; asked_at: Date; answered_at: Date | null }[]>(
          'id',
          'question',
          'answer',
          'asked_at',
          'answered_at',
        )
    ).map((q) => ({
      id: q.id,
      question: q.question,
      answer: q.answer,
      askedAt: q.asked_at,
      answeredAt: q.answered_at,
    })),
  );
}
