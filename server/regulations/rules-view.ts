/**
 * The rules page in the reader's language: each rule by its name (the id only in a tooltip and
 * the anchor), each version's dates as days, and each value as a sentence ("5 business days; an
 * addendum less than 5 business days before the deadline extends it by 5 business days"), never
 * as the JSON the config holds.
 */
import type { Request } from 'express';
import { formatDate, formatList, formatMoney, formatNumber, intlLocale } from '../i18n/format.js';
import { dateTimeFormat, numberFormat } from '../i18n/intl-cache.js';
import type { readRules } from './rules-read.js';

type Rules = Awaited<ReturnType<typeof readRules>>;
type Value = Record<string, unknown>;

/** What a rule's value says, in words; a shape this page does not know points to the legal source. */
export function ruleValueText(req: Request, id: string, value: Value): string {
  const { t, lng } = req;
  const { currency, numberingSystem } = req.actor.tenant.config;
  const num = (n: unknown) => formatNumber(Number(n), lng, numberingSystem);
  const money = (n: unknown) => formatMoney(Number(n), currency, lng, numberingSystem);
  const period = (days: unknown, unit: unknown) =>
    t(unit === 'business' ? 'addenda:business_days' : 'addenda:calendar_days', { count: Number(days) });
  const category = (c: unknown) => t(`suppliers:category_${c as string}`);
  const rows = (items: string[]) => items.join('; ');
  switch (id) {
    case 'notice-period':
      return rows(
        (value.table as Value[]).map((row) => {
          const condition = [
            row.category ? category(row.category) : '',
            row.competition ? t(`notices:${row.competition as string}`) : '',
            row.minValue !== undefined ? t('regulations:v_from', { amount: money(row.minValue) }) : '',
          ].filter(Boolean);
          const days = period(row.days, value.unit);
          return condition.length === 0
            ? t('regulations:v_otherwise_row', { value: days })
            : t('regulations:v_row', { condition: formatList(condition, lng), value: days });
        }),
      );
    case 'pre-specification':
      return t('regulations:v_pre_specification', {
        amount: money(value.aboveValue),
        period: period(value.days, value.unit),
      });
    case 'addendum-lead-time':
      return t('regulations:v_addendum', {
        period: period(value.days, value.unit),
        extend: period(value.extendBy, value.unit),
      });
    case 'minimum-valid-bids':
    case 'failed-attempts-before-direct':
      return num(value.count);
    case 'bid-security':
      return t('regulations:v_bid_security', { percent: num(value.percent) });
    case 'contract-deposit':
      return t('regulations:v_contract_deposit', { percent: num(value.percent) });
    case 'standstill':
    case 'payment-days':
    case 'outage-extension':
      return period(value.days, value.unit);
    case 'evaluation-weights':
      return t('regulations:v_weights', { technical: num(value.technical), price: num(value.price) });
    case 'qualification-pass-mark':
      return t('regulations:v_pass_mark', { score: num(value.score) });
    case 'differential-points':
      return t('regulations:v_differential', {
        points: formatList((value.byRank as number[]).map(num), lng),
        max: num(value.max),
      });
    case 'technical-score-averaging':
      return value.dropExtremesFrom === null
        ? t('regulations:v_plain_average')
        : t('regulations:v_drop_extremes', { n: num(value.dropExtremesFrom) });
    case 'evaluation-tie-break':
      return t('regulations:v_tie_break', {
        order: formatList(
          (value.order as string[]).map((o) => t(`regulations:v_tie_${o}`)),
          lng,
        ),
      });
    case 'plan-required':
    case 'bid-passkey':
      return t(value.required ? 'regulations:v_yes' : 'regulations:v_no');
    case 'deadline-on-non-working-day':
      return t(`regulations:v_move_${value.move as string}`);
    case 'small-value-direct':
      return rows(
        (value.thresholds as Value[]).map((row) =>
          t('regulations:v_row', {
            condition: [category(row.category), row.subcategory].filter(Boolean).join(' — '),
            value: t('regulations:v_up_to', { amount: money(row.maxValue) }),
          }),
        ),
      );
    case 'reserve-price':
      return value.method === 'none'
        ? t('regulations:v_reserve_none')
        : t('regulations:v_reserve_multiple', {
            candidates: num(value.candidates),
            band: num(value.bandPercent),
            picks: num(value.picksPerBidder),
            average: num(value.averageOf),
          });
    case 'award-floor-rate':
      return t('regulations:v_award_floor', { percent: num(value.percent) });
    case 'supplier-registration-validity':
      return t('regulations:v_months', { n: num(value.months) });
    case 'device-data-retention':
      return period(value.days, 'calendar');
    case 'second-factor':
      return t('regulations:v_roles', {
        roles: formatList(
          (value.roles as string[]).map((r) => t(`identity:role_${r.replace('-', '_')}`)),
          lng,
        ),
      });
    case 'briefing-attendance': {
      const categories = value.mandatoryFor as string[];
      return categories.length === 0
        ? t('briefings:rule_value_none')
        : t('briefings:rule_value', { categories: formatList(categories.map(category), lng) });
    }
    case 'mutual-checks': {
      const actions = value.actions as string[];
      return actions.length === 0
        ? t('approvals:rule_value_none')
        : t('approvals:rule_value', {
            actions: formatList(
              actions.map((a) => t(`approvals:action_${a.replace('-', '_')}`)),
              lng,
            ),
          });
    }
    case 'project-review': {
      const categories = value.categories as string[];
      return categories.length === 0
        ? t('review:rule_value_none')
        : t('review:rule_value', { categories: formatList(categories.map(category), lng) });
    }
    case 'framework-agreement':
      return t(
        value.ranking === 'within-ceiling' ? 'regulations:v_framework_ceiling' : 'regulations:v_framework_lowest',
        {
          parties: num(value.maxParties),
          months: num(value.maxMonths),
        },
      );
    case 'framework-price-change':
      return t('regulations:v_price_change', { percent: num(value.maxIncreasePercent) });
    case 'second-competition':
      return t('regulations:v_second_competition', {
        amount: money(value.aboveValue),
        period: period(value.days, value.unit),
        quotes: num(value.minQuotes),
      });
    case 'innovative-products':
      return t('regulations:v_innovative', {
        months: num(value.validityMonths),
        direct: money(value.directPurchaseMax),
        test: money(value.testPurchaseMax),
      });
    case 'red-flags': {
      const spread = value.runnerUpSpread as Value;
      const loser = value.habitualLoser as Value;
      const captive = value.captiveSupplier as Value;
      const periods = (value.submissionPeriod as Value[]).map((row) =>
        row.category
          ? t('regulations:v_row', { condition: category(row.category), value: period(row.days, 'calendar') })
          : t('regulations:v_otherwise_row', { value: period(row.days, 'calendar') }),
      );
      return t('regulations:v_red_flags', {
        periods: rows(periods),
        near: num(value.nearEstimatePercent),
        below: num(spread.belowPercent),
        above: num(spread.abovePercent),
        bids: num(loser.minBids),
        loserDays: period(loser.windowDays, 'calendar'),
        share: num(loser.maxWinPercent),
        wins: num(captive.minWins),
        captiveDays: period(captive.windowDays, 'calendar'),
        increase: num(value.amendmentIncreasePercent),
      });
    }
    case 'execution-targets':
      return t('targets:rule_value', {
        milestones: rows(
          (value.milestones as Value[]).map((m) =>
            t('targets:milestone', {
              percent: numberFormat(intlLocale(lng, numberingSystem), { style: 'percent' }).format(
                Number(m.percent) / 100,
              ),
              // A day of every fiscal year: written as day and month, without a year.
              date: dateTimeFormat(intlLocale(lng, numberingSystem), {
                day: 'numeric',
                month: 'long',
                timeZone: 'UTC',
              }).format(new Date(`2000-${String(m.by)}T00:00:00Z`)),
            }),
          ),
        ),
      });
    default:
      return t('regulations:v_unknown');
  }
}

export function rulesView(req: Request, data: Rules) {
  const { timeZone, numberingSystem } = req.actor.tenant.config;
  const day = (d: string) => formatDate(d, req.lng, timeZone, numberingSystem);
  return {
    title: req.t('regulations:title'),
    today: day(data.today),
    rules: data.rules.map((rule) => ({
      id: rule.id,
      name: req.t([`regulations:rule_${rule.id}`, 'regulations:v_unknown']),
      idTitle: req.t('regulations:rule_id', { id: rule.id }),
      versions: rule.versions.map((v) => ({
        version: formatNumber(v.version, req.lng, numberingSystem),
        inEffect: v.inEffect,
        assumption: v.assumption,
        label: v.label,
        source: v.source,
        from: day(v.effectiveFrom),
        to: v.effectiveTo ? day(v.effectiveTo) : req.t('regulations:open_ended'),
        valueText: ruleValueText(req, rule.id, v.value as Value),
      })),
    })),
  };
}
