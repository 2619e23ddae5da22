/**
 * When an approved invoice must be paid: the approval date plus the tenant's `payment-days` rule,
 * in calendar days or in working days of the tenant's calendar (Korea: 5 calendar days, National
 * Contract Act Enforcement Decree art. 58, as configured in tenants/korea.yaml).
 */
import { addPeriod, workingCalendar } from './calendar.js';
import { localDate, requireRule, ruleReference } from './lookup.js';
import type { TenantConfig } from '../tenancy/config-schema.js';

export interface PaymentDue {
  dueOn: string;
  /** "payment-days v1": the rule version the due date was counted with. */
  rule: string;
}

export function paymentDue(config: TenantConfig, approvedAt: Date): PaymentDue {
  const rule = requireRule(config, 'payment-days', approvedAt);
  const dueOn = addPeriod(
    workingCalendar(config),
    localDate(approvedAt, config.timeZone),
    rule.value.days,
    rule.value.unit,
  );
  return { dueOn, rule: ruleReference(rule) };
}
