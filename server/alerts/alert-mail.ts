/**
 * What an alert says, in its recipient's language: the notice's number, title, agency, category,
 * estimated price (or that it is not published), deadline and link, and one line per saved search
 * with its one-click unsubscribe link. Shared by the immediate alert and the daily digest.
 */
import type { Knex } from 'knex';
import type { TFunction } from 'i18next';
import type { Deps } from '../deps.js';
import { formatList, formatMoney } from '../i18n/format.js';
import type { Language } from '../i18n/languages.js';
import { textIn } from '../i18n/localized-fields.js';
import { tenantTranslator } from '../i18n/terminology.js';
import { mailLanguage } from '../mail/outbox.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import type { MatchedSearch } from './matching.js';
import { unsubscribeUrl } from './unsubscribe-link.js';

export interface AlertNotice {
  id: string;
  notice_no: string | null;
  title: Partial<Record<string, string>>;
  category: string;
  agency_name: Partial<Record<string, string>>;
  estimated_price: string;
  estimated_price_hidden: boolean;
  submission_deadline: Date;
  status: string;
}

export async function readAlertNotices(tx: Knex.Transaction, ids: string[]): Promise<Map<string, AlertNotice>> {
  const rows = await tx('notices as n')
    .join('agencies as a', 'a.id', 'n.agency_id')
    .whereIn('n.id', ids)
    .select<AlertNotice[]>(
      'n.id',
      'n.notice_no',
      'n.title',
      'n.category',
      'a.name as agency_name',
      'n.estimated_price',
      'n.estimated_price_hidden',
      'n.submission_deadline',
      'n.status',
    );
  return new Map(rows.map((r) => [r.id, r]));
}

/** Writes alerts for one tenant and one recipient at a time. */
export function alertWriter(services: Pick<Deps, 'i18n' | 'sessionSecret'>, tenant: TenantHandle) {
  const config = tenant.config;
  return {
    /** The recipient's language and a translator in it. */
    reader(locale: string | null): { lng: Language; t: TFunction } {
      const lng = mailLanguage(tenant, locale);
      return { lng, t: tenantTranslator(services.i18n, tenant, lng, 'mail') };
    },

    /** A notice's facts as mail placeholders. */
    noticeParams(n: AlertNotice, lng: Language, t: TFunction, linkBase: string) {
      return {
        notice: n.notice_no ?? '',
        title: textIn(n.title, lng, config.locales.default),
        agency: textIn(n.agency_name, lng, config.locales.default),
        category: t(`suppliers:category_${n.category}`),
        price: n.estimated_price_hidden
          ? t('mail:alert_price_hidden')
          : formatMoney(n.estimated_price, config.currency, lng, config.numberingSystem),
        deadline: n.submission_deadline,
        link: `${linkBase}/notices/${n.id}`,
      };
    },

    /** “Search A” and “Search B”. */
    searchNames(searches: MatchedSearch[], lng: Language, t: TFunction): string {
      const names = [...new Set(searches.map((s) => s.search_name))];
      return formatList(
        names.map((name) => t('mail:alert_search_name', { name })),
        lng,
      );
    },

    /** One line per search: how to stop its alerts with one click. */
    stopLines(searches: MatchedSearch[], t: TFunction): { text: string; firstUrl: string } {
      const unique = [...new Map(searches.map((s) => [s.search_id, s])).values()];
      const urls = unique.map((s) => unsubscribeUrl(services.sessionSecret, s.link_base, tenant.slug, s.search_id));
      return {
        text: unique.map((s, i) => t('mail:alert_stop', { search: s.search_name, link: urls[i] })).join('\n'),
        firstUrl: urls[0]!,
      };
    },
  };
}
