/**
 * The tenant's regulations as the rules page shows them: every rule version with its dates, legal
 * source and value, and which version is in effect today (rules-view.ts puts them in words).
 */
import type { Actor } from '../identity/actor.js';
import { assertCan } from '../identity/policy.js';
import { inTenant } from '../tenancy/tenant-context.js';
import { now } from '../time/clock.js';
import { isRuleId } from './catalogue.js';
import { localDate, ruleAt } from './lookup.js';

export async function readRules(actor: Actor) {
  assertCan(actor.user, 'rules:read');
  const { config } = actor.tenant;
  const at = await inTenant(actor.tenant, (tx) => now(tx));
  const ids = [...new Set(config.regulations.rules.map((r) => r.id))].sort();
  const rules = ids.map((id) => {
    const current = isRuleId(id) ? ruleAt(config, id, at) : undefined;
    return {
      id,
      versions: config.regulations.rules
        .filter((r) => r.id === id)
        .sort((a, b) => b.version - a.version)
        .map((r) => ({
          ...r,
          inEffect: current?.version === r.version,
          assumption: r.source === 'assumption',
        })),
    };
  });
  return { rules, today: localDate(at, config.timeZone) };
}
