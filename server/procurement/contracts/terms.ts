/** How contracts name money and their deposit rule, and the deliverables' fit to the term and value. */
import type { FieldDetail } from '../../http/errors.js';
import { formatMoney } from '../../i18n/format.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { languageFor } from './records.js';

export function moneyText(tenant: TenantHandle, lng: string, amount: number | string): string {
  const c = tenant.config;
  return formatMoney(amount, c.currency, languageFor(tenant, lng), c.numberingSystem);
}

/** "contract deposit 10 % — rule contract-deposit v1": how pages and mail name the deposit rule. */
export const depositRule = (rules: string[]) => rules.find((r) => r.startsWith('contract-deposit')) ?? '';

/** Deliverables must fall within the term and add up to the contract value, field by field. */
export function deliverableProblems(
  tenant: TenantHandle,
  lng: string,
  term: { startsOn: string; endsOn: string; value: number },
  deliverables: { amount: number; dueOn: string }[],
  sumField: string,
): FieldDetail[] {
  const problems: FieldDetail[] = [];
  if (term.endsOn < term.startsOn) problems.push({ field: 'endsOn', key: 'contracts:ends_before_start' });
  deliverables.forEach((d, i) => {
    if (d.dueOn < term.startsOn || d.dueOn > term.endsOn)
      problems.push({
        field: `deliverables.${i}.dueOn`,
        key: 'contracts:due_outside_term',
        params: { start: term.startsOn, end: term.endsOn },
      });
  });
  const sum = deliverables.reduce((s, d) => s + d.amount, 0);
  if (sum !== term.value)
    problems.push({
      field: sumField,
      key: 'contracts:amounts_must_add_up',
      params: { sum: moneyText(tenant, lng, sum), value: moneyText(tenant, lng, term.value) },
    });
  return problems;
}
