/**
 * How a knowledge article's Markdown is read: its term references replaced by the tenant's own
 * words, then shown as HTML that can carry nothing but text and plain formatting, or sent as plain
 * text. An article names a word of the interface by its translation key, `{{term:ns:key}}` (for
 * example `{{term:common:nav_notices}}`), and reads it in the article's language with the tenant's
 * terminology over the shipped text (i18n/terminology.ts): a tenant that calls notices "tender
 * announcements" reads its own word, and a menu named in an article is named as on the screen.
 *
 * Two locks on the HTML: Markdown is rendered without raw HTML (`html: false`, so `<script>` is
 * text) and with markdown-it's own refusal of script links; then the result is sanitized with an
 * allow list (headings, paragraphs, lists, emphasis, code, quotes, tables, and links to http,
 * https and mailto only, each with rel="noopener noreferrer").
 */
import type { i18n } from 'i18next';
import MarkdownIt, { type Token } from 'markdown-it';
import sanitizeHtml from 'sanitize-html';
import type { Language } from '../i18n/languages.js';
import { tenantTranslator } from '../i18n/terminology.js';
import { indexTerms } from '../search/terms.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';

/** A term's text in the article's language, or undefined when the key names no plain text. */
export type TermLookup = (key: string) => string | undefined;

/** `{{term:notices:title}}`: a namespace and a key, as the locale files spell them. */
const TERM_REFERENCE = /\{\{\s*term:([a-z][a-z0-9-]*:[A-Za-z0-9_.-]+)\s*\}\}/g;

/** The tenant's words in `lng`: its terminology over the shipped locale. */
export function tenantTerms(instance: i18n, tenant: Pick<TenantHandle, 'config'>, lng: Language): TermLookup {
  const t = tenantTranslator(instance, tenant, lng);
  return (key) => {
    if (!instance.exists(key, { lng })) return undefined;
    const text = String(t(key));
    // A sentence with a placeholder is not a term.
    return text.includes('{{') ? undefined : text;
  };
}

/** The term references of an article that name no term (a misspelt key): the editor is told. */
export function unknownTerms(markdown: string, terms: TermLookup): string[] {
  const unknown = [...markdown.matchAll(TERM_REFERENCE)].map((m) => m[1]!).filter((key) => terms(key) === undefined);
  return [...new Set(unknown)];
}

/** Every ASCII punctuation mark may be escaped in Markdown: a term is read as the words it is. */
const escapeMarkdown = (text: string) => text.replace(/[!-/:-@[-`{-~]/g, '\\$&');

/** The Markdown with each known term reference replaced by the term (an unknown one is left as written). */
export function substituteTerms(markdown: string, terms: TermLookup): string {
  return markdown.replace(TERM_REFERENCE, (whole, key: string) => {
    const term = terms(key);
    return term === undefined ? whole : escapeMarkdown(term);
  });
}

const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false });

const ALLOWED: sanitizeHtml.IOptions = {
  allowedTags: [
    'h2',
    'h3',
    'h4',
    'p',
    'br',
    'hr',
    'ul',
    'ol',
    'li',
    'strong',
    'em',
    'code',
    'pre',
    'blockquote',
    'a',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
  ],
  allowedAttributes: { a: ['href', 'rel'], ol: ['start'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // The page's title is its h1: an article's own headings sit below it.
  transformTags: {
    h1: 'h2',
    h5: 'h4',
    h6: 'h4',
    // A link elsewhere than the web or e-mail loses its address (allowedSchemes) and reads as text.
    a: (_tag, attribs) => ({
      tagName: 'a',
      attribs: { ...(attribs.href ? { href: attribs.href } : {}), rel: 'noopener noreferrer' },
    }),
  },
};

/** The article as safe HTML: terms substituted, Markdown rendered without HTML, then sanitized. */
export function renderArticle(source: string, terms: TermLookup): string {
  return sanitizeHtml(markdown.render(substituteTerms(source, terms)), ALLOWED);
}

/** The text of an inline run: links followed by their address when it is not their text already. */
function inlineText(token: Token): string {
  let out = '';
  let link: { href: string; from: number } | undefined;
  for (const child of token.children ?? []) {
    if (child.type === 'text' || child.type === 'code_inline') out += child.content;
    else if (child.type === 'softbreak' || child.type === 'hardbreak') out += '\n';
    else if (child.type === 'image') out += child.content;
    else if (child.type === 'link_open') link = { href: String(child.attrGet('href') ?? ''), from: out.length };
    else if (child.type === 'link_close' && link) {
      const text = out.slice(link.from);
      const address = link.href.replace(/^mailto:/, '');
      if (address && text !== address && /^(https?|mailto):/.test(link.href)) out += ` (${address})`;
      link = undefined;
    }
  }
  return out;
}

/**
 * The article as plain text, for e-mail: paragraphs and headings apart, list items marked, links
 * followed by their address, code indented, table cells between bars; terms substituted.
 */
export function articleText(source: string, terms: TermLookup): string {
  const tokens = markdown.parse(substituteTerms(source, terms), {});
  const lines: string[] = [];
  const lists: { ordered: boolean; n: number }[] = [];
  let itemPrefix = '';
  let row: string[] | undefined;
  for (const token of tokens) {
    switch (token.type) {
      case 'bullet_list_open':
      case 'ordered_list_open':
        lists.push({ ordered: token.type === 'ordered_list_open', n: Number(token.attrGet('start') ?? 1) - 1 });
        break;
      case 'bullet_list_close':
      case 'ordered_list_close':
        lists.pop();
        if (lists.length === 0) lines.push('');
        break;
      case 'list_item_open': {
        const list = lists.at(-1)!;
        list.n += 1;
        itemPrefix = '   '.repeat(lists.length - 1) + (list.ordered ? `${list.n}. ` : '- ');
        break;
      }
      case 'tr_open':
        row = [];
        break;
      case 'tr_close':
        lines.push((row ?? []).join(' | '));
        row = undefined;
        break;
      case 'table_close':
        lines.push('');
        break;
      case 'fence':
      case 'code_block':
        lines.push(
          ...token.content
            .replace(/\n$/, '')
            .split('\n')
            .map((line) => `    ${line}`),
          '',
        );
        break;
      case 'hr':
        lines.push('* * *', '');
        break;
      case 'inline': {
        const text = inlineText(token);
        if (row) row.push(text);
        else if (itemPrefix) {
          lines.push(itemPrefix + text.replace(/\n/g, `\n${' '.repeat(itemPrefix.length)}`));
          itemPrefix = '';
        } else if (lists.length > 0) lines.push('   '.repeat(lists.length) + text);
        else lines.push(text, '');
        break;
      }
    }
  }
  return lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** What an article is found by: the words of its title and of its text as the reader reads it. */
export function articleSearchTerms(article: { title: string; body: string; language: Language }, terms: TermLookup) {
  return indexTerms([
    { text: article.title, lng: article.language },
    { text: articleText(article.body, terms), lng: article.language },
  ]);
}
