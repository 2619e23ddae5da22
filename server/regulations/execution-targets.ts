/**
 * The tenant's default budget execution targets (server/targets/): its `execution-targets` rule
 * as of an instant, each month-day made a date of the fiscal year and cited with the rule
 * version ("execution-targets v1"). Korea: 60 % of the planned value ordered by 30 June, the
 * first-half rapid execution policy, as configured in tenants/korea.yaml.
 */
import type { TenantConfig } from '../tenancy/config-schema.js';
import { ruleAt, ruleReference } from './lookup.js';

export interface DefaultMilestone {
  dueOn: string;
  percent: number;
  rule: string;
}

/** None when the tenant has no version of the rule in force at `at`. */
export function defaultExecutionTargets(config: TenantConfig, year: number, at: Date): DefaultMilestone[] {
  const rule = ruleAt(config, 'execution-targets', at);
  if (!rule) return [];
  return rule.value.milestones.map((m) => ({
    dueOn: `${year}-${m.by}`,
    percent: m.percent,
    rule: ruleReference(rule),
  }));
}
