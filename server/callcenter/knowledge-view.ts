/**
 * The knowledge pages' view models: topics, languages and dates in words in the reader's language,
 * each article's title and text marked with its own language and direction (a Kurdish article on
 * an English desk reads right to left), the rendered article passed as the sanitized HTML it is.
 */
import type { Request } from 'express';
import Handlebars from 'handlebars';
import { formatDate, formatNumber } from '../i18n/format.js';
import { directionOf, isLanguage, NATIVE_NAMES } from '../i18n/languages.js';
import { tenantDisplayName } from '../http/tenant-locals.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import type { ArticleRow, ArticleSummary, OpenTicket } from './knowledge-read.js';

export const KNOWLEDGE_PATH = '/platform/knowledge';

export const topicText = (req: Request, topic: string) => req.t(`knowledge:topic_${topic.replace(/-/g, '_')}_name`);
const languageName = (code: string) => (isLanguage(code) ? NATIVE_NAMES[code] : code);
const dirOf = (code: string) => (isLanguage(code) ? directionOf(code) : 'auto');

const articlePath = (tenant: TenantHandle, id: string) => `${KNOWLEDGE_PATH}/${tenant.slug}/${id}`;

/** The tenant's languages for a select, the chosen one marked. */
function languageOptions(tenant: TenantHandle, chosen: string | undefined) {
  return tenant.config.locales.supported.map((code) => ({
    code,
    name: languageName(code),
    selected: code === chosen,
  }));
}

/** "Updated on 8 December 2026 by …" (the day in the tenant's zone), or that it came with the platform. */
function updatedText(req: Request, tenant: TenantHandle, article: Pick<ArticleRow, 'updated_by_label' | 'updated_at'>) {
  const date = formatDate(article.updated_at, req.lng, tenant.config.timeZone, tenant.config.numberingSystem);
  return article.updated_by_label
    ? req.t('knowledge:updated_by', { date, who: `\u2068${article.updated_by_label}\u2069` })
    : req.t('knowledge:shipped', { date });
}

export function listView(
  req: Request,
  data: { tenant: TenantHandle; language?: string; articles: ArticleSummary[] },
  extra: Record<string, unknown>,
) {
  const { tenant, articles } = data;
  return {
    title: req.t('knowledge:title'),
    tenantSlug: tenant.slug,
    tenantLabel: tenantDisplayName(tenant, req.lng),
    articleLanguages: languageOptions(tenant, data.language),
    resultsText: req.t('knowledge:results', {
      n: formatNumber(articles.length, req.lng, tenant.config.numberingSystem),
    }),
    articles: articles.map((a) => ({
      ...a,
      href: articlePath(tenant, a.id),
      dir: dirOf(a.language),
      languageName: languageName(a.language),
      topicText: topicText(req, a.topic),
      byText: updatedText(req, tenant, a),
    })),
    ...extra,
  };
}

type Translation = Pick<ArticleRow, 'id' | 'language' | 'title'>;

/** The article's other languages, and those of the tenant it is not written in yet. */
function translationLinks(tenant: TenantHandle, article: ArticleRow, translations: Translation[]) {
  const written = new Set(translations.map((t) => t.language));
  return {
    others: translations
      .filter((t) => t.id !== article.id)
      .map((t) => ({
        href: articlePath(tenant, t.id),
        code: t.language,
        name: languageName(t.language),
        title: t.title,
      })),
    missing: tenant.config.locales.supported.filter((code) => !written.has(code)).map(languageName),
  };
}

export function articleView(
  req: Request,
  data: {
    tenant: TenantHandle;
    article: ArticleRow;
    html: string;
    translations: Translation[];
    ticket?: OpenTicket;
    tickets: OpenTicket[];
  },
  extra: Record<string, unknown>,
) {
  const { tenant, article } = data;
  const ticketLabel = (t: OpenTicket) =>
    req.t('knowledge:ticket_option', {
      ticket: `\u2068${t.ticket_no}\u2069`,
      caller: `\u2068${t.caller_name}\u2069`,
      language: `\u2068${languageName(t.language)}\u2069`,
    });
  return {
    title: article.title,
    tenantSlug: tenant.slug,
    tenantLabel: tenantDisplayName(tenant, req.lng),
    article: { ...article, dir: dirOf(article.language), languageName: languageName(article.language) },
    html: new Handlebars.SafeString(data.html),
    topicText: topicText(req, article.topic),
    updatedText: updatedText(req, tenant, article),
    backHref: `${KNOWLEDGE_PATH}?tenant=${encodeURIComponent(tenant.slug)}&language=${encodeURIComponent(article.language)}`,
    editHref: `${articlePath(tenant, article.id)}/edit`,
    translateHref: `${KNOWLEDGE_PATH}/${tenant.slug}/new?translationOf=${article.id}`,
    sendAction: `${articlePath(tenant, article.id)}/send`,
    ...translationLinks(tenant, article, data.translations),
    ticket: data.ticket && { id: data.ticket.id, label: ticketLabel(data.ticket) },
    tickets: data.tickets.map((t) => ({ id: t.id, label: ticketLabel(t) })),
    ...extra,
  };
}

export function formView(
  req: Request,
  data: {
    tenant: TenantHandle;
    topics: readonly string[];
    article?: ArticleRow;
    html?: string;
    original?: ArticleRow;
  },
  extra: { values: Record<string, unknown>; errors?: Record<string, string>; error?: string; saved?: boolean },
) {
  const { tenant, article, original } = data;
  const chosenLanguage = typeof extra.values.language === 'string' ? extra.values.language : undefined;
  const chosenTopic = typeof extra.values.topic === 'string' ? extra.values.topic : undefined;
  return {
    title: req.t(article ? 'knowledge:edit_title' : original ? 'knowledge:translate_title' : 'knowledge:new_title'),
    tenantSlug: tenant.slug,
    tenantLabel: tenantDisplayName(tenant, req.lng),
    action: article ? `${articlePath(tenant, article.id)}/edit` : `${KNOWLEDGE_PATH}/${tenant.slug}/new`,
    topics: data.topics.map((topic) => ({ topic, text: topicText(req, topic), selected: topic === chosenTopic })),
    articleLanguages: languageOptions(tenant, chosenLanguage),
    original: original && {
      ...original,
      href: articlePath(tenant, original.id),
      dir: dirOf(original.language),
      languageName: languageName(original.language),
    },
    article: article && {
      ...article,
      href: articlePath(tenant, article.id),
      dir: dirOf(article.language),
      updatedText: updatedText(req, tenant, article),
    },
    preview: data.html === undefined ? undefined : new Handlebars.SafeString(data.html),
    // Shown as written in the hint: how an article names the menu of notices in the tenant's words.
    termExample: '{{term:common:nav_notices}}',
    backHref: `${KNOWLEDGE_PATH}?tenant=${encodeURIComponent(tenant.slug)}`,
    ...extra,
  };
}
