/**
 * What the tenant's home page shows, in the reader's language and the tenant's time zone; its help
 * and privacy pages.
 */
import type { Request } from 'express';
import {
  currencyName,
  formatDateTime,
  formatList,
  formatMoney,
  formatNumber,
  intlLocale,
  relativeTime,
  timeZoneName,
  weekdayNames,
} from '../i18n/format.js';
import { dateTimeFormat } from '../i18n/intl-cache.js';
import type { Language } from '../i18n/languages.js';
import { tenantDisplayName } from '../http/tenant-locals.js';
import type { FrontNotice, FrontPage } from './front-page.js';
import { textIn } from '../i18n/localized-fields.js';

export function homePageModel(req: Request, front: FrontPage) {
  const { tenant } = req.actor;
  const { timeZone, numberingSystem, weekend, currency } = tenant.config;
  const when = (at: Date) => formatDateTime(at, req.lng, timeZone, numberingSystem);
  const number = (n: number) => formatNumber(n, req.lng, numberingSystem);
  const year = yearOf(front.serverTime, req.lng, timeZone, numberingSystem);
  const notice = (n: FrontNotice) => ({
    id: n.id,
    noticeNo: n.notice_no,
    titleText: textIn(n.title, req.lng, tenant.config.locales.default),
    categoryLabel: req.t(`suppliers:category_${n.category}`),
    statusLabel: req.t(`notices:status_${n.status}`),
    priceText: n.estimated_price === null ? null : formatMoney(n.estimated_price, currency, req.lng, numberingSystem),
    deadline: n.submission_deadline.toISOString(),
    deadlineText: when(n.submission_deadline),
    deadlineLeft: relativeTime(n.submission_deadline, front.serverTime, req.lng, numberingSystem),
    opening: n.opening_at.toISOString(),
    openingText: when(n.opening_at),
    openingLeft: relativeTime(n.opening_at, front.serverTime, req.lng, numberingSystem),
  });
  return {
    title: tenantDisplayName(tenant, req.lng),
    figures: [
      { label: req.t('home:figure_open'), value: number(front.openNotices) },
      { label: req.t('home:figure_published', { year }), value: number(front.publishedThisYear) },
      { label: req.t('home:figure_awards'), value: number(front.awardsThisYear) },
      { label: req.t('home:figure_suppliers'), value: number(front.suppliers) },
      {
        label: req.t('home:figure_value'),
        value: formatMoney(front.valueThisYear, currency, req.lng, numberingSystem),
        wide: true,
      },
    ],
    latest: front.latest.map(notice),
    openings: front.openings.map(notice),
    serverTime: when(front.serverTime),
    serverTimeIso: front.serverTime.toISOString(),
    timeZone,
    timeZoneName: timeZoneName(timeZone, req.lng),
    currency:
      currencyName(currency, req.lng) === currency ? currency : `${currencyName(currency, req.lng)} (${currency})`,
    weekend: formatList(weekdayNames(weekend, req.lng), req.lng),
  };
}

/** The calendar year of an instant in the tenant's zone, in the reader's digits ("2026", "٢٠٢٦"). */
function yearOf(at: Date, lng: Language, timeZone: string, numberingSystem: 'latn' | 'arab'): string {
  return dateTimeFormat(intlLocale(lng, numberingSystem), { year: 'numeric', timeZone }).format(at);
}

/** The tenant's colours as CSS custom properties. */
export function brandingCss(req: Request): string {
  const { primaryColor, accentColor } = req.actor.tenant.config.branding;
  return `:root { --brand: ${primaryColor}; --accent: ${accentColor}; }\n`;
}

const HELP_SECTIONS = ['find', 'register', 'bid', 'questions', 'opening', 'times'] as const;
const PRIVACY_SECTIONS = [
  'controller',
  'collect',
  'why',
  'public',
  'retention',
  'security',
  'cookies',
  'rights',
] as const;

/** The help page: how to take part, step by step; the operator's contacts come from the layout's locals. */
export function helpPageModel(req: Request) {
  const { timeZone } = req.actor.tenant.config;
  const zone = `\u2068${timeZoneName(timeZone, req.lng) ?? timeZone}\u2069`;
  return {
    title: req.t('portal:help_title'),
    sections: HELP_SECTIONS.map((id) => ({
      id,
      title: req.t(`portal:help_${id}_title`),
      text: req.t(`portal:help_${id}_text`, { zone }),
    })),
  };
}

/** The privacy page: what is kept and why; the operator named from the tenant's config. */
export function privacyPageModel(req: Request) {
  const { contact, locales } = req.actor.tenant.config;
  const operator = contact && (contact.operator[req.lng] ?? contact.operator[locales.default] ?? contact.operator.en);
  return {
    title: req.t('portal:privacy_title'),
    sections: PRIVACY_SECTIONS.map((id) => ({
      id,
      title: req.t(`portal:privacy_${id}_title`),
      text:
        id === 'controller' && !operator
          ? req.t('portal:privacy_controller_default')
          : req.t(`portal:privacy_${id}_text`, { operator: operator ? `\u2068${operator}\u2069` : '' }),
    })),
  };
}
