/**
 * Every reason the tenant's rules refuse a notice's publication now, one per field, and the rule
 * versions applied: plan entry required, notice period counted in the tenant's calendar, technical
 * criteria of a negotiated tender, direct contract allowed, minimum bid security, the tender
 * documents required, pre-specification disclosure, ICT project review. The rules are decided in server/regulations;
 * this gathers their verdicts. The same verdicts are a draft's warnings before it is published.
 */
import type { Knex } from 'knex';
import type { FieldDetail } from '../../http/errors.js';
import { directContract, noticePeriod, planRequired } from '../../regulations/decisions.js';
import { bidSecurity } from '../../regulations/deposits.js';
import { requiredDocuments } from '../../regulations/documents.js';
import { evaluationWeights } from '../../regulations/evaluation.js';
import { localDate } from '../../regulations/lookup.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { projectReviewRefusal } from '../../project-review/publish-check.js';
import { preSpecificationRefusal } from '../prespec/service.js';
import type { NoticeRow } from './read.js';

/** When the rules are read: the tenant, at the tenant's clock. */
export interface RuleMoment {
  tenant: TenantHandle;
  at: Date;
}

interface Verdicts {
  problems: FieldDetail[];
  applied: string[];
}

const dayDiff = (a: string, b: string) =>
  Math.round((Date.parse(`${a}T00:00:00Z`) - Date.parse(`${b}T00:00:00Z`)) / 86_400_000);

async function planProblems(tx: Knex.Transaction, notice: NoticeRow, { tenant, at }: RuleMoment, out: Verdicts) {
  const planRule = planRequired(tenant.config, at);
  if (!planRule) return;
  out.applied.push(planRule.rule);
  const plan = notice.plan_entry_id
    ? await tx('plan_entries')
        .where({ id: notice.plan_entry_id })
        .first<{ status: string; agency_id: string } | undefined>()
    : undefined;
  if (!plan) out.problems.push({ field: 'planEntryId', key: 'notices:plan_required', params: { rule: planRule.rule } });
  else if (plan.status !== 'published' || plan.agency_id !== notice.agency_id)
    out.problems.push({ field: 'planEntryId', key: 'notices:plan_not_published', params: { rule: planRule.rule } });
}

function periodProblems(notice: NoticeRow, { tenant, at }: RuleMoment, out: Verdicts) {
  const config = tenant.config;
  const period = noticePeriod(config, at, {
    category: notice.category,
    competition: notice.competition,
    estimatedValue: Number(notice.estimated_price),
  });
  out.applied.push(...period.rules);
  const given = localDate(notice.submission_deadline, config.timeZone);
  if (given < period.earliestDeadline) {
    out.problems.push({
      field: 'submissionDeadline',
      key: 'notices:deadline_too_early',
      params: {
        rule: period.rules[0],
        days: period.days,
        unit: period.unit,
        earliest: period.earliestDeadline,
        given,
        short: dayDiff(period.earliestDeadline, given),
      },
    });
  }
}

function methodProblems(notice: NoticeRow, { tenant, at }: RuleMoment, out: Verdicts) {
  const config = tenant.config;
  if (notice.evaluation_method === 'negotiated') {
    out.applied.push(evaluationWeights(config, at).rule);
    if (notice.technical_criteria.length === 0)
      out.problems.push({ field: 'technicalCriteria', key: 'notices:criteria_required' });
  }
  if (notice.method === 'direct') {
    const verdict = directContract(config, at, {
      category: notice.category,
      estimatedValue: Number(notice.estimated_price),
      failedAttempts: 0,
    });
    out.applied.push(...verdict.rules);
    if (!verdict.allowed)
      out.problems.push({
        field: 'method',
        key: 'notices:direct_not_allowed',
        params: { rule: verdict.rules.join(', ') },
      });
  }
  const security = bidSecurity(config, at);
  out.applied.push(security.rule);
  if (Number(notice.bid_security_percent) < security.percent) {
    out.problems.push({
      field: 'bidSecurityPercent',
      key: 'notices:bid_security_too_low',
      params: { minimum: security.percent, rule: security.rule },
    });
  }
}

async function documentProblems(tx: Knex.Transaction, notice: NoticeRow, { tenant, at }: RuleMoment, out: Verdicts) {
  const required = requiredDocuments(tenant.config, at, notice.method);
  if (!required) return;
  out.applied.push(required.rule);
  const [row] = await tx('notice_documents')
    .where({ notice_id: notice.id })
    .whereNull('superseded_by')
    .count<{ n: string }[]>({ n: '*' });
  const given = Number(row?.n ?? 0);
  if (given < required.count)
    out.problems.push({
      field: 'documents',
      key: 'notices:documents_required',
      params: { count: required.count, given, rule: required.rule },
    });
}

/**
 * Every reason publication at `moment.at` would be refused. Publishing throws them; a draft shows
 * them as warnings, so the officer can fix the draft before asking.
 */
export async function publishRefusals(tx: Knex.Transaction, notice: NoticeRow, moment: RuleMoment): Promise<Verdicts> {
  const out: Verdicts = { problems: [], applied: [] };
  await planProblems(tx, notice, moment, out);
  if (notice.submission_deadline <= moment.at)
    out.problems.push({ field: 'submissionDeadline', key: 'notices:deadline_passed' });
  else periodProblems(notice, moment, out);
  methodProblems(notice, moment, out);
  await documentProblems(tx, notice, moment, out);
  // Pre-specification disclosure above the value threshold (server/procurement/prespec).
  const disclosure = await preSpecificationRefusal(tx, moment.tenant, notice, moment.at);
  out.applied.push(...disclosure.applied);
  if (disclosure.problem) out.problems.push(disclosure.problem);
  // ICT project review before the notice (server/project-review), where the tenant's rule says so.
  const review = await projectReviewRefusal(tx, moment.tenant, notice, moment.at);
  out.applied.push(...review.applied);
  if (review.problem) out.problems.push(review.problem);
  return out;
}
