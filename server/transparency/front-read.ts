/** How much the portal publishes, counted for its front page: one figure per list, and the signed audit heads. */
import type { Actor } from '../identity/actor.js';
import { inTenant } from '../tenancy/tenant-context.js';
import { concludedContracts, type ListName } from './lists-read.js';

export type Published = Record<ListName | 'heads', number>;

export function readPublished(actor: Actor): Promise<Published> {
  return inTenant(actor.tenant, async (tx) => {
    const count = async (q: Promise<{ count: string | number }[]>) => Number((await q)[0]?.count ?? 0);
    const notices = () => tx('notices as n').whereNot('n.status', 'planning');
    return {
      plans: await count(tx('plan_entries').where('status', 'published').count('* as count')),
      notices: await count(notices().count('* as count')),
      openings: await count(notices().join('tender_openings as o', 'o.notice_id', 'n.id').count('* as count')),
      awards: await count(
        notices()
          .join('awards as w', 'w.notice_id', 'n.id')
          .whereIn('w.status', ['standstill', 'final'])
          .count('* as count'),
      ),
      contracts: await count(tx.from(concludedContracts(tx).as('k')).countDistinct('k.contract_id as count')),
      heads: await count(tx('audit_heads').count('* as count')),
    };
  });
}
