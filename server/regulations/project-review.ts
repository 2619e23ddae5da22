/**
 * The `project-review` rule (catalogue.ts; korea's version in tenants/korea.yaml, after the
 * Software Promotion Act): which rule version makes a notice of a category wait for a review
 * committee's confirmation of its requirements and project period. Read by server/project-review/.
 */
import type { TenantConfig } from '../tenancy/config-schema.js';
import { ruleAt, ruleReference } from './lookup.js';

/** The rule reference ("project-review v1") when a notice of `category` needs a project review at `at`. */
export function projectReviewRule(config: TenantConfig, category: string, at: Date): string | null {
  const rule = ruleAt(config, 'project-review', at);
  return rule && (rule.value.categories as string[]).includes(category) ? ruleReference(rule) : null;
}
