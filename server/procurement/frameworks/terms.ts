/**
 * Setting a draft notice up as a framework agreement: the officer of the notice's agency attaches
 * the period, the maximum value, the party cap and the items with their ceiling unit prices. The
 * rule bounds the period and the cap. Only while the notice is a draft: bidders price the items
 * the notice was published with. Setting the terms again replaces them whole.
 */
import type { Knex } from 'knex';
import type { Deps } from '../../deps.js';
import type { FieldDetail } from '../../http/errors.js';
import { isUuid } from '../../http/params.js';
import { ValidationError } from '../../http/validate.js';
import type { Actor } from '../../identity/actor.js';
import { assertCan } from '../../identity/policy.js';
import { agreementMaxMonths } from '../../regulations/frameworks.js';
import { indexTerms } from '../../search/terms.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import { now } from '../../time/clock.js';
import type { NoticeRow } from '../notices/read.js';
import { AgreementNotFoundError, TermsLockedError } from './errors.js';
import type { TermsInput } from './schema.js';

export interface SetTerms {
  id: string;
  agreementNo: string;
  status: string;
  items: number;
  rules: string[];
}

/** Months from one calendar date to another, a started month counting whole (2027-01-01 → 2027-12-31: 12). */
function monthsBetween(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  return (ty - fy) * 12 + (tm - fm) + (td >= fd ? 1 : 0);
}

/** The notice, locked, of the officer's agency, still a draft. */
async function draftOfAgency(tx: Knex.Transaction, actor: Actor, noticeId: string): Promise<NoticeRow> {
  const notice = isUuid(noticeId)
    ? await tx<NoticeRow>('notices').where({ id: noticeId }).forUpdate().first()
    : undefined;
  if (!notice) throw new AgreementNotFoundError();
  assertCan(actor.user, 'notices:manage', notice.agency_id);
  if (notice.status_details !== 'draft') throw new TermsLockedError();
  return notice;
}

function boundsProblems(input: TermsInput, rule: { months: number; maxParties: number }): FieldDetail[] {
  const problems: FieldDetail[] = [];
  if (monthsBetween(input.startsOn, input.endsOn) > rule.months)
    problems.push({ field: 'endsOn', key: 'frameworks:period_too_long', params: { months: rule.months } });
  if (input.maxParties > rule.maxParties)
    problems.push({ field: 'maxParties', key: 'frameworks:too_many_parties', params: { max: rule.maxParties } });
  return problems;
}

const descriptionOf = (item: TermsInput['items'][number], language: string): Record<string, string> =>
  typeof item.description === 'string'
    ? { [language]: item.description }
    : (Object.fromEntries(Object.entries(item.description).filter(([, v]) => v)) as Record<string, string>);

export function termsService(deps: Pick<Deps, 'audit'>) {
  return {
    async setTerms(actor: Actor, noticeId: string, input: TermsInput): Promise<SetTerms> {
      return inTenant(actor.tenant, async (tx) => {
        const notice = await draftOfAgency(tx, actor, noticeId);
        const config = actor.tenant.config;
        const at = await now(tx);
        const rule = agreementMaxMonths(config, at);
        const problems = boundsProblems(input, rule);
        if (problems.length > 0) throw new ValidationError(problems);
        const before = await tx('framework_agreements')
          .where({ notice_id: notice.id })
          .forUpdate()
          .first<{ id: string } | undefined>('id');
        const row = {
          title: JSON.stringify(notice.title),
          category: notice.category,
          starts_on: input.startsOn,
          ends_on: input.endsOn,
          max_value: input.maxValue,
          max_parties: input.maxParties,
          applied_rules: [rule.rule],
        };
        type Written = { id: string; agreement_no: string; status: string };
        let agreement: Written | undefined;
        if (before) {
          await tx('framework_items').where({ agreement_id: before.id }).delete();
          [agreement] = await tx('framework_agreements').where({ id: before.id }).update(row).returning<Written[]>('*');
        } else {
          const { rows } = await tx.raw<{ rows: { serial: string }[] }>(
            `select nextval('framework_agreement_serial') as serial`,
          );
          const year = at.toISOString().slice(0, 4);
          const agreementNo = `FA-${year}-${String(rows[0]!.serial).padStart(6, '0')}`;
          [agreement] = await tx('framework_agreements')
            .insert({
              ...row,
              agreement_no: agreementNo,
              notice_id: notice.id,
              agency_id: notice.agency_id,
              created_by: actor.user!.id,
            })
            .returning<Written[]>('*');
        }
        const language = config.locales.default;
        await tx('framework_items').insert(
          input.items.map((item) => {
            const description = descriptionOf(item, language);
            return {
              agreement_id: agreement!.id,
              number: item.number,
              classification: item.classification,
              description: JSON.stringify(description),
              unit: item.unit,
              ceiling_unit_price: item.ceilingUnitPrice,
              estimated_quantity: item.estimatedQuantity,
              search_terms: indexTerms([
                ...Object.entries(description).map(([lng, text]) => ({ text, lng })),
                { text: item.classification, lng: language },
              ]),
            };
          }),
        );
        await deps.audit.record(tx, actor.tenant, actor.audit, {
          at,
          action: 'framework.terms-set',
          target: { type: 'framework', id: agreement!.id },
          summary: {
            notice: notice.id,
            agreementNo: agreement!.agreement_no,
            period: [input.startsOn, input.endsOn],
            maxValue: input.maxValue,
            maxParties: input.maxParties,
            items: input.items.map((i) => ({
              number: i.number,
              ceiling: i.ceilingUnitPrice,
              quantity: i.estimatedQuantity,
            })),
            replaced: Boolean(before),
            rules: [rule.rule],
          },
        });
        return {
          id: agreement!.id,
          agreementNo: agreement!.agreement_no,
          status: agreement!.status,
          items: input.items.length,
          rules: [rule.rule],
        };
      });
    },
  };
}
