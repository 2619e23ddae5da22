/**
 * The call center's knowledge base, per tenant and language: agents read and search the articles
 * of the tenants granted to them, write and correct them, and send one to a caller by e-mail.
 * A tenant not granted answers as one that does not exist (404), as does an article or a ticket
 * of another tenant: each is read in the granted tenant's own schema.
 *
 * An article goes to the caller in the caller's language only (the ticket's), and only to the
 * caller's own address on record (their account's, else their company's): never to an address
 * given on the phone, so the desk cannot be used to mail strangers. The mail, the ticket's entry
 * and the audit entry are written in one transaction.
 */
import type { Deps } from '../deps.js';
import { AppError, NotFoundError } from '../http/errors.js';
import { ValidationError } from '../http/validate.js';
import { isLanguage, NATIVE_NAMES, type Language } from '../i18n/languages.js';
import { grantedTenant } from '../platform/desk.js';
import type { StaffActor } from '../platform/staff-steps.js';
import { inTenant } from '../tenancy/tenant-context.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import { DEFAULT_CALL_CENTER, type CallTopic } from './catalog.js';
import { ARTICLE_SLUG } from './knowledge-files.js';
import {
  articleIn,
  callerAddress,
  findArticle,
  listArticles,
  openTicketsOf,
  slugTaken,
  translationsOf,
  type ArticleRow,
} from './knowledge-read.js';
import { articleSearchTerms, articleText, renderArticle, tenantTerms, unknownTerms } from './knowledge-render.js';
import { addTicketEntry, openTicket } from './ticket-entries.js';

type KnowledgeDeps = Pick<Deps, 'tenancy' | 'audit' | 'mailer' | 'i18n'>;

/** The caller's language has no translation of the article: the agent writes one or picks another. */
export class ArticleNotTranslatedError extends AppError {
  constructor(language: string) {
    const name = isLanguage(language) ? NATIVE_NAMES[language] : language;
    super('article_not_translated', 422, 'knowledge:not_translated', { language: `\u2068${name}\u2069` });
  }
}

/** Neither the caller's account nor their company has an address to write to. */
export class NoCallerAddressError extends AppError {
  constructor() {
    super('no_caller_address', 422, 'knowledge:no_caller_address');
  }
}

/** An article as an agent writes it (the form, parsed). */
export interface ArticleInput {
  title: string;
  topic: CallTopic;
  language: Language;
  body: string;
  /** For a new article: the article it translates (its slug is shared). */
  translationOf?: string;
}

/** The topics a tenant files calls under. */
export function tenantTopics(tenant: TenantHandle): readonly CallTopic[] {
  return tenant.config.callCenter?.topics ?? DEFAULT_CALL_CENTER.topics;
}

/** An article's slug from its title: Latin letters without accents and digits, else a plain "article". */
export function slugFromTitle(title: string): string {
  let words = title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  // A long title is cut after a whole word.
  if (words.length > 60) words = words.slice(0, 61).replace(/-[^-]*$/, '');
  return words.length >= 3 && ARTICLE_SLUG.test(words) ? words : 'article';
}

async function freeSlug(tx: Parameters<typeof slugTaken>[0], title: string): Promise<string> {
  const base = slugFromTitle(title);
  for (let n = 1; ; n += 1) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    if (!(await slugTaken(tx, candidate))) return candidate;
  }
}

/** What the tenant refuses in an article the form accepted: a topic or language it does not use, unknown terms. */
function checkForTenant(deps: KnowledgeDeps, tenant: TenantHandle, input: ArticleInput): void {
  const problems = [];
  if (!tenantTopics(tenant).includes(input.topic)) problems.push({ field: 'topic', key: 'validation:invalid' });
  if (!tenant.config.locales.supported.includes(input.language)) {
    problems.push({ field: 'language', key: 'knowledge:language_not_offered' });
  } else {
    const unknown = unknownTerms(input.body, tenantTerms(deps.i18n, tenant, input.language));
    if (unknown.length > 0) {
      problems.push({ field: 'body', key: 'knowledge:unknown_term', params: { terms: unknown.join(', ') } });
    }
  }
  if (problems.length > 0) throw new ValidationError(problems);
}

const isUniqueViolation = (error: unknown) => (error as { code?: unknown } | null)?.code === '23505';
const languageTaken = () => new ValidationError([{ field: 'language', key: 'knowledge:language_taken' }]);

export function knowledgeBase(deps: KnowledgeDeps) {
  const terms = (tenant: TenantHandle, language: string) =>
    tenantTerms(deps.i18n, tenant, isLanguage(language) ? language : tenant.config.locales.default);

  return {
    tenantTopics,

    /** The granted tenant's articles in a language (or all), matching the words of `q`. */
    async list(actor: StaffActor, filter: { tenant: string; language?: Language; q: string; lng: Language }) {
      const tenant = await grantedTenant(deps, actor.staff, filter.tenant);
      const language =
        filter.language && tenant.config.locales.supported.includes(filter.language) ? filter.language : undefined;
      const articles = await inTenant(tenant, (tx) =>
        listArticles(tx, { language, q: filter.q, queryLanguage: filter.lng }),
      );
      return { tenant, language, articles };
    },

    /**
     * An article as its language reads it, its translations, and where it may be sent: the ticket
     * named (an open one of this tenant, else 404), or the agent's own open tickets.
     */
    async article(actor: StaffActor, slug: string, id: string, options: { ticketId?: string } = {}) {
      const tenant = await grantedTenant(deps, actor.staff, slug);
      return inTenant(tenant, async (tx) => {
        const article = await findArticle(tx, id);
        if (!article) throw new NotFoundError();
        const ticket = options.ticketId ? await openTicket(tx, options.ticketId) : undefined;
        return {
          tenant,
          article,
          html: renderArticle(article.body_md, terms(tenant, article.language)),
          translations: await translationsOf(tx, article.slug),
          ticket,
          tickets: ticket ? [] : await openTicketsOf(tx, actor.staff.id),
        };
      });
    },

    /**
     * What the article form starts from: the article being corrected (with its rendering, the
     * preview of what was saved), or the original of a new translation; and the tenant's languages
     * the article is not written in yet.
     */
    async form(actor: StaffActor, slug: string, ids: { articleId?: string; translationOf?: string }) {
      const tenant = await grantedTenant(deps, actor.staff, slug);
      const { supported } = tenant.config.locales;
      if (!ids.articleId && !ids.translationOf) {
        return { tenant, article: undefined, original: undefined, html: undefined, unwritten: supported };
      }
      return inTenant(tenant, async (tx) => {
        const article = ids.articleId ? await findArticle(tx, ids.articleId) : undefined;
        const original = !ids.articleId && ids.translationOf ? await findArticle(tx, ids.translationOf) : undefined;
        const family = article ?? original;
        if (!family) throw new NotFoundError();
        const written = (await translationsOf(tx, family.slug)).map((t) => t.language);
        return {
          tenant,
          article,
          original,
          html: article && renderArticle(article.body_md, terms(tenant, article.language)),
          unwritten: supported.filter((code) => !written.includes(code)),
        };
      });
    },

    /** Writes a new article (or a translation) or changes one; audited in the tenant. */
    async save(actor: StaffActor, slug: string, id: string | undefined, input: ArticleInput): Promise<ArticleRow> {
      const tenant = await grantedTenant(deps, actor.staff, slug);
      checkForTenant(deps, tenant, input);
      const searchTerms = articleSearchTerms(input, terms(tenant, input.language));
      try {
        return await inTenant(tenant, async (tx) => {
          const before = id ? await findArticle(tx, id) : undefined;
          if (id && !before) throw new NotFoundError();
          const original = !id && input.translationOf ? await findArticle(tx, input.translationOf) : undefined;
          if (!id && input.translationOf && !original) throw new NotFoundError();
          const articleSlug = before?.slug ?? original?.slug ?? (await freeSlug(tx, input.title));
          const other = await articleIn(tx, articleSlug, input.language);
          if (other && other.id !== id) throw languageTaken();
          const values = {
            topic: input.topic,
            language: input.language,
            title: input.title,
            body_md: input.body,
            search_terms: searchTerms,
            updated_by_label: actor.staff.email,
            updated_at: tx.raw('app_now()'),
          };
          const [saved] = before
            ? await tx<ArticleRow>('knowledge_articles').where({ id: before.id }).update(values).returning('*')
            : await tx<ArticleRow>('knowledge_articles')
                .insert({ ...values, slug: articleSlug })
                .returning('*');
          await deps.audit.record(tx, tenant, actor.audit, {
            action: 'knowledge.article-saved',
            target: { type: 'knowledge-article', id: saved!.id },
            summary: { article: articleSlug, language: input.language, title: input.title, created: !before },
          });
          return saved!;
        });
      } catch (error) {
        // Two agents writing the same translation at once: the second is told, as if it had been there.
        if (isUniqueViolation(error)) throw languageTaken();
        throw error;
      }
    },

    /**
     * Sends the article, in the caller's language, to the caller of an open ticket by e-mail; the
     * ticket's history and the tenant's audit trail say so, in the same transaction.
     */
    async send(actor: StaffActor, slug: string, id: string, ticketId: string) {
      const tenant = await grantedTenant(deps, actor.staff, slug);
      return inTenant(tenant, async (tx) => {
        const article = await findArticle(tx, id);
        if (!article) throw new NotFoundError();
        const ticket = await openTicket(tx, ticketId);
        const language = ticket.language;
        const translation = article.language === language ? article : await articleIn(tx, article.slug, language);
        if (!translation || !isLanguage(language)) throw new ArticleNotTranslatedError(language);
        const to = await callerAddress(tx, ticket);
        if (!to) throw new NoCallerAddressError();
        const emailId = await deps.mailer.queue(tx, tenant, {
          to,
          locale: language,
          // knowledge:article_subject and knowledge:article_body
          template: 'knowledge:article',
          params: {
            title: translation.title,
            body: articleText(translation.body_md, terms(tenant, language)),
            ticket: ticket.ticket_no,
          },
        });
        await addTicketEntry(tx, ticket.id, actor.staff, {
          kind: 'article-sent',
          body: translation.title,
          details: { article: translation.slug, articleId: translation.id, language, emailId },
        });
        await deps.audit.record(tx, tenant, actor.audit, {
          action: 'callcenter.article-sent',
          target: { type: 'support-ticket', id: ticket.id },
          summary: { ticket: ticket.ticket_no, article: translation.slug, language },
        });
        return { tenant, ticket, translation };
      });
    },
  };
}

export type KnowledgeBase = ReturnType<typeof knowledgeBase>;
