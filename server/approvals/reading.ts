/**
 * How a request's facts read in the reader's language, for the kinds' describe(): a notice by its
 * number and title, a company by its name, an amount in the tenant's currency, a moment in the
 * tenant's zone. Each value isolated, so it keeps its place in a right-to-left sentence.
 */
import { formatDateTime, formatMoney } from '../i18n/format.js';
import { textIn } from '../i18n/localized-fields.js';
import { isolate } from '../work/formats.js';
import type { Reading } from './approval.js';

/** A notice as the checker reads it: its number when it has one, and its title. */
export interface NoticeNaming {
  noticeNo: string | null;
  title: Record<string, string>;
}

export function noticeNamed(facts: NoticeNaming, { lng, tenant }: Reading): string {
  const title = isolate(textIn(facts.title, lng, tenant.config.locales.default));
  return facts.noticeNo ? `${isolate(facts.noticeNo)} ${title}` : title;
}

export const companyNamed = (name: Record<string, string>, { lng, tenant }: Reading) =>
  isolate(textIn(name, lng, tenant.config.locales.default));

export const moneyIn = (amount: number | string, { lng, tenant }: Reading) =>
  formatMoney(amount, tenant.config.currency, lng, tenant.config.numberingSystem);

/** A moment kept as ISO text, in the tenant's zone and the reader's language. */
export const momentIn = (iso: string, { lng, tenant }: Reading) =>
  formatDateTime(new Date(iso), lng, tenant.config.timeZone, tenant.config.numberingSystem);
