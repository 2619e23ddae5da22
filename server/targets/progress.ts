/**
 * Progress against budget execution targets, computed without I/O: the value ordered by a date
 * against the plan's total, each milestone met, on track, behind or missed, and the target line
 * the chart draws. The line runs straight from nothing at the start of the fiscal year to each
 * milestone's percentage on its date (and stays level after the last), so "behind" means below
 * where a steady pace towards the next milestone would be by that date.
 */

export interface Milestone {
  /** YYYY-MM-DD */
  dueOn: string;
  percent: number;
  /** The rule version it comes from ("execution-targets v1" or the agency's own target). */
  rule: string;
  /** The version of the agency's own milestone; absent for the tenant's rule. */
  agencyVersion?: number;
}

export type TargetStatus = 'met' | 'on-track' | 'behind' | 'missed';

export interface MilestoneProgress extends Milestone {
  /** The value (minor units) the milestone asks for. */
  targetValue: number;
  status: TargetStatus;
}

export interface Progress {
  asOf: string;
  planned: number;
  ordered: number;
  orderedPercent: number;
  /** Where the target line stands on `asOf`, in % of the planned value. */
  linePercent: number;
  milestones: MilestoneProgress[];
  /** The next milestone still to come on `asOf`, else the last one. */
  current?: MilestoneProgress;
}

const DAY_MS = 86_400_000;
const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const round1 = (n: number) => Math.round(n * 10) / 10;

/** The target line's % of the planned value on `date` (YYYY-MM-DD) of fiscal year `year`. */
export function targetLine(year: number, milestones: readonly Milestone[], date: string): number {
  const sorted = [...milestones].sort((a, b) => a.dueOn.localeCompare(b.dueOn));
  let fromDay = dayNumber(`${year}-01-01`) - 1;
  let fromPercent = 0;
  const day = dayNumber(date);
  for (const m of sorted) {
    const to = dayNumber(m.dueOn);
    if (day <= to) {
      if (day <= fromDay) return fromPercent;
      return fromPercent + ((m.percent - fromPercent) * (day - fromDay)) / (to - fromDay);
    }
    fromDay = to;
    fromPercent = m.percent;
  }
  return fromPercent;
}

/** How `ordered` of `planned` (minor units) stands against `milestones` on `asOf`. */
export function targetProgress(input: {
  year: number;
  asOf: string;
  planned: number;
  ordered: number;
  milestones: readonly Milestone[];
}): Progress {
  const { year, asOf, planned, ordered } = input;
  const orderedPercent = planned > 0 ? (ordered / planned) * 100 : 0;
  const linePercent = targetLine(year, input.milestones, asOf);
  const milestones = [...input.milestones]
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn))
    .map((m): MilestoneProgress => {
      const targetValue = Math.ceil((planned * m.percent) / 100);
      const status: TargetStatus =
        ordered >= targetValue
          ? 'met'
          : asOf > m.dueOn
            ? 'missed'
            : orderedPercent >= Math.min(linePercent, m.percent)
              ? 'on-track'
              : 'behind';
      return { ...m, targetValue, status };
    });
  return {
    asOf,
    planned,
    ordered,
    orderedPercent: round1(orderedPercent),
    linePercent: round1(linePercent),
    milestones,
    current: milestones.find((m) => m.dueOn >= asOf) ?? milestones.at(-1),
  };
}

export interface MonthPoint {
  /** The month's last day (YYYY-MM-DD), or `asOf` in its own month. */
  date: string;
  /** % of the planned value ordered by then; null after `asOf`. */
  ordered: number | null;
  target: number;
}

/**
 * Month by month through the fiscal year: the % ordered by each month's end (orders are
 * `{ day, value }`, day YYYY-MM-DD) beside the target line, for the chart.
 */
export function monthlyProgress(input: {
  year: number;
  asOf: string;
  planned: number;
  orders: readonly { day: string; value: number }[];
  milestones: readonly Milestone[];
}): MonthPoint[] {
  const { year, asOf, planned } = input;
  return Array.from({ length: 12 }, (_, i) => {
    const end = new Date(Date.UTC(year, i + 1, 0)).toISOString().slice(0, 10);
    const date = asOf >= `${year}-${String(i + 1).padStart(2, '0')}-01` && asOf < end ? asOf : end;
    const ordered =
      date > asOf || planned <= 0
        ? null
        : round1((input.orders.filter((o) => o.day <= date).reduce((s, o) => s + o.value, 0) / planned) * 100);
    return { date, ordered, target: round1(targetLine(year, input.milestones, date)) };
  });
}
