/**
 * What everyone may read of pre-specification disclosures: the draft notice's title, category and
 * estimated price (unless hidden), the summary, the period, and the comments with their replies —
 * never who commented. Pages and the API share these reads and this shape.
 */
import type { Knex } from 'knex';
import { formatDateTime, formatMoney, intlLocale } from '../../i18n/format.js';
import type { Language } from '../../i18n/languages.js';
import type { Actor } from '../../identity/actor.js';
import type { TenantConfig } from '../../tenancy/config-schema.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import { PreSpecificationNotFoundError } from './errors.js';
import { dateTimeFormat } from '../../i18n/intl-cache.js';
import { textIn } from '../../i18n/localized-fields.js';

export interface DisclosureRow {
  id: string;
  notice_id: string;
  summary: string;
  opened_at: Date;
  closes_on: string;
  closes_at: Date;
  /** open while the tenant's clock is before closes_at; closed after; withdrawn when withdrawn. */
  state: 'open' | 'closed' | 'withdrawn';
  applied_rules: string[];
  title: Partial<Record<Language, string>>;
  category: string;
  estimated_price: string;
  estimated_price_hidden: boolean;
  agency_id: string;
  notice_status: string;
  notice_no: string | null;
}

export interface PublicComment {
  id: string;
  comment: string;
  reply: string | null;
  askedAt: Date;
  repliedAt: Date | null;
}

const PAGE = 100;

function disclosures(tx: Knex.Transaction) {
  return tx('pre_specifications as p')
    .join('notices as n', 'n.id', 'p.notice_id')
    .select<DisclosureRow[]>(
      'p.id',
      'p.notice_id',
      'p.summary',
      'p.opened_at',
      tx.raw('p.closes_on::text as closes_on'),
      'p.closes_at',
      'p.applied_rules',
      tx.raw(
        `case when p.status = 'withdrawn' then 'withdrawn'
              when p.status = 'open' and app_now() < p.closes_at then 'open'
              else 'closed' end as state`,
      ),
      'n.title',
      'n.category',
      'n.estimated_price',
      'n.estimated_price_hidden',
      'n.agency_id',
      'n.status as notice_status',
      'n.notice_no',
    );
}

/** The most recent disclosures, newest first. */
export async function listDisclosures(actor: Actor): Promise<DisclosureRow[]> {
  return inTenant(actor.tenant, async (tx) => disclosures(tx).orderBy('p.opened_at', 'desc').limit(PAGE));
}

/** One disclosure and its comments (without the commenters); 404 when there is none. */
export async function readDisclosure(
  actor: Actor,
  id: string,
): Promise<{ row: DisclosureRow; comments: PublicComment[] }> {
  return inTenant(actor.tenant, async (tx) => {
    const [row] = await disclosures(tx).where('p.id', id);
    if (!row) throw new PreSpecificationNotFoundError();
    const comments = await tx('pre_specification_comments')
      .where({ pre_specification_id: id })
      .orderBy('asked_at')
      .select<{ id: string; comment: string; reply: string | null; asked_at: Date; replied_at: Date | null }[]>(
        'id',
        'comment',
        'reply',
        'asked_at',
        'replied_at',
      );
    return {
      row,
      comments: comments.map((c) => ({
        id: c.id,
        comment: c.comment,
        reply: c.reply,
        askedAt: c.asked_at,
        repliedAt: c.replied_at,
      })),
    };
  });
}

/** A calendar date (YYYY-MM-DD) in the reader's language. */
export function formatDay(date: string, lng: Language, numbering: 'latn' | 'arab'): string {
  return dateTimeFormat(intlLocale(lng, numbering), { dateStyle: 'full', timeZone: 'UTC' }).format(
    new Date(`${date}T00:00:00Z`),
  );
}

/** The public shape of a disclosure, in the reader's language. */
export function publicView(row: DisclosureRow, lng: Language, config: TenantConfig) {
  const numbering = config.numberingSystem;
  return {
    id: row.id,
    noticeId: row.notice_id,
    noticeNo: row.notice_no,
    /** The notice itself is public once published (or cancelled after publication). */
    noticePublished: row.notice_status !== 'planning',
    title: row.title,
    titleText: textIn(row.title, lng, config.locales.default),
    category: row.category,
    estimatedPrice: row.estimated_price_hidden ? null : Number(row.estimated_price),
    estimatedPriceText: row.estimated_price_hidden
      ? null
      : formatMoney(row.estimated_price, config.currency, lng, numbering),
    summary: row.summary,
    openedAt: row.opened_at.toISOString(),
    openedText: formatDateTime(row.opened_at, lng, config.timeZone, numbering),
    closesOn: row.closes_on,
    closesOnText: formatDay(row.closes_on, lng, numbering),
    closesAt: row.closes_at.toISOString(),
    state: row.state,
    appliedRules: row.applied_rules,
  };
}

/** Comments for a page, with their dates in the reader's language. */
export function commentsView(comments: PublicComment[], lng: Language, config: TenantConfig) {
  const when = (at: Date) => formatDateTime(at, lng, config.timeZone, config.numberingSystem);
  return comments.map((c) => ({
    ...c,
    askedText: when(c.askedAt),
    repliedText: c.repliedAt ? when(c.repliedAt) : null,
  }));
}
