/**
 * Tenant slugs and the schema names derived from them. A schema name is only ever produced here,
 * from a slug that passed validation; raw input never names a schema.
 */
declare const slugBrand: unique symbol;
export type Slug = string & { readonly [slugBrand]: true };

export const SLUG_PATTERN = /^[a-z][a-z0-9-]{1,40}$/;

export function parseSlug(raw: unknown): Slug | null {
  return typeof raw === 'string' && SLUG_PATTERN.test(raw) ? (raw as Slug) : null;
}

export function assertSlug(raw: unknown): Slug {
  const slug = parseSlug(raw);
  if (!slug) throw new Error(`Invalid tenant slug ${JSON.stringify(raw)}: expected ${SLUG_PATTERN}`);
  return slug;
}

/**
 * `tenant_<slug>`, hyphens mapped to underscores so the name never needs quoting in SQL.
 * The mapping is one-to-one because slugs cannot contain underscores.
 */
export function schemaFor(slug: Slug): string {
  return `tenant_${slug.replace(/-/g, '_')}`;
}
