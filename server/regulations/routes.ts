/**
 * The tenant's regulations, read-only: every rule version with its dates, legal source and value,
 * and which version is in effect now. They change only through the tenant's reviewed config file.
 */
import { Router } from 'express';
import { requirePolicy } from '../identity/policy.js';
import { inTenant } from '../tenancy/tenant-context.js';
import { now } from '../time/clock.js';
import { canonicalJson } from '../audit/hashing.js';
import { localDate, ruleAt } from './lookup.js';
import { isRuleId } from './catalogue.js';

export function rulesPages(): Router {
  const router = Router();
  router.get('/rules', requirePolicy('rules:read'), async (req, res) => {
    const tenant = req.tenant!;
    const at = await inTenant(tenant, (tx) => now(tx));
    const ids = [...new Set(tenant.config.regulations.rules.map((r) => r.id))].sort();
    const rules = ids.map((id) => {
      const current = isRuleId(id) ? ruleAt(tenant.config, id, at) : undefined;
      return {
        id,
        versions: tenant.config.regulations.rules
          .filter((r) => r.id === id)
          .sort((a, b) => b.version - a.version)
          .map((r) => ({
            ...r,
            value: canonicalJson(r.value),
            inEffect: current?.version === r.version,
            assumption: r.source === 'assumption',
          })),
      };
    });
    res.render('regulations/rules', {
      title: req.t('regulations:title'),
      rules,
      today: localDate(at, tenant.config.timeZone),
    });
  });
  return router;
}
