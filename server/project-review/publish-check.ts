/**
 * Whether a notice's publication waits for its project review: the tenant's `project-review`
 * rule names the notice's category and the notice's last round is missing or not yet decided.
 * Called by server/procurement/notices/publish-rules.ts, which refuses publication and warns on
 * the draft with the same verdict.
 */
import type { Knex } from 'knex';
import type { FieldDetail } from '../http/errors.js';
import { projectReviewRule } from '../regulations/project-review.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';

export async function projectReviewRefusal(
  tx: Knex.Transaction,
  tenant: TenantHandle,
  notice: { id: string; category: string },
  at: Date,
): Promise<{ problem?: FieldDetail; applied: string[] }> {
  const rule = projectReviewRule(tenant.config, notice.category, at);
  if (!rule) return { applied: [] };
  const last = await tx('project_reviews')
    .where({ notice_id: notice.id })
    .orderBy('round', 'desc')
    .first<{ status: string } | undefined>('status');
  if (!last) return { applied: [rule], problem: { field: 'projectReview', key: 'review:required', params: { rule } } };
  if (last.status === 'submitted')
    return {
      applied: [rule],
      problem: { field: 'projectReview', key: 'review:pending_publication', params: { rule } },
    };
  return { applied: [rule] };
}
