/**
 * The knowledge base shipped with the product: `tenants/knowledge/<slug>/<lng>.md`, one folder per
 * article and one file per language, each with a short front matter (title, topic) above its
 * Markdown. A tenant receives the ones in its languages and topics when its demo data is seeded,
 * or when an operator loads them (`npm run tenants -- knowledge <slug>`); an article the tenant
 * already has, possibly edited by its agents, is never overwritten.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { i18n } from 'i18next';
import type { Knex } from 'knex';
import YAML from 'yaml';
import { z } from 'zod';
import { createI18n } from '../i18n/i18n.js';
import { isLanguage, type Language } from '../i18n/languages.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import { CALL_TOPICS, DEFAULT_CALL_CENTER, type CallTopic } from './catalog.js';
import { articleSearchTerms, tenantTerms } from './knowledge-render.js';

export const KNOWLEDGE_DIR = path.resolve('tenants/knowledge');

/** An article's slug: small letters and digits in words joined by hyphens. */
export const ARTICLE_SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export interface ShippedArticle {
  slug: string;
  language: Language;
  topic: CallTopic;
  title: string;
  body: string;
}

const FrontMatter = z.object({ title: z.string().trim().min(3).max(200), topic: z.enum(CALL_TOPICS) }).strict();

export class KnowledgeFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KnowledgeFileError';
  }
}

/** One file: `---`, the front matter, `---`, then the Markdown. */
export function parseArticleFile(file: string, text: string): { title: string; topic: CallTopic; body: string } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n([\s\S]*)$/.exec(text);
  if (!match) throw new KnowledgeFileError(`${file}: must start with a front matter between two --- lines`);
  const parsed = FrontMatter.safeParse(YAML.parse(match[1]!));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new KnowledgeFileError(`${file}: ${issue?.path.join('.') || 'front matter'}: ${issue?.message ?? 'invalid'}`);
  }
  const body = match[2]!.trim();
  if (!body) throw new KnowledgeFileError(`${file}: the article has no text`);
  return { ...parsed.data, body };
}

const cache = new Map<string, ShippedArticle[]>();

/** Every shipped article in every language, read once. */
export function shippedArticles(dir = KNOWLEDGE_DIR): ShippedArticle[] {
  const known = cache.get(dir);
  if (known) return known;
  const articles: ShippedArticle[] = [];
  const slugs = existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()) : [];
  for (const { name: slug } of slugs.sort((a, b) => a.name.localeCompare(b.name))) {
    if (!ARTICLE_SLUG.test(slug)) throw new KnowledgeFileError(`${path.join(dir, slug)}: not an article slug`);
    for (const name of readdirSync(path.join(dir, slug)).sort()) {
      const language = name.replace(/\.md$/, '');
      const file = path.join(dir, slug, name);
      if (!name.endsWith('.md') || !isLanguage(language)) {
        throw new KnowledgeFileError(`${file}: must be named <language>.md, one of the shipped languages`);
      }
      articles.push({ slug, language, ...parseArticleFile(file, readFileSync(file, 'utf8')) });
    }
  }
  cache.set(dir, articles);
  return articles;
}

/** The shipped articles for a tenant: in its languages, on its call topics. */
export function shippedFor(tenant: Pick<TenantHandle, 'config'>, dir?: string): ShippedArticle[] {
  const { supported } = tenant.config.locales;
  const topics: readonly string[] = tenant.config.callCenter?.topics ?? DEFAULT_CALL_CENTER.topics;
  return shippedArticles(dir).filter((a) => supported.includes(a.language) && topics.includes(a.topic));
}

let shippedTexts: Promise<i18n> | undefined;

/**
 * Copies the shipped articles the tenant lacks into its knowledge base: those in its languages and
 * on its call topics. Answers how many were added. `instance` resolves the terms the search index
 * holds (the process's own when given; else the shipped locale files, read once).
 */
export async function loadKnowledgeArticles(
  tx: Knex.Transaction,
  tenant: TenantHandle,
  options: { instance?: i18n; dir?: string } = {},
): Promise<number> {
  const wanted = shippedFor(tenant, options.dir);
  if (wanted.length === 0) return 0;
  const instance = options.instance ?? (await (shippedTexts ??= createI18n()));
  const inserted = await tx('knowledge_articles')
    .insert(
      wanted.map((a) => ({
        topic: a.topic,
        slug: a.slug,
        language: a.language,
        title: a.title,
        body_md: a.body,
        // Shipped with the product: no person to name (the page says so).
        updated_by_label: '',
        search_terms: articleSearchTerms(a, tenantTerms(instance, tenant, a.language)),
      })),
    )
    .onConflict(['slug', 'language'])
    .ignore()
    .returning('id');
  return inserted.length;
}
