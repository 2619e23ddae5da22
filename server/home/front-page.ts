/**
 * What the tenant's home page shows beyond its settings, read in one statement: the latest
 * published notices, the openings of the coming week, and key figures (notices open for bids,
 * notices and their disclosed estimated value published this calendar year, awards this year,
 * approved suppliers).
 * A hidden estimated price never enters a sum. Days and years follow the tenant's time zone.
 */
import type { Actor } from '../identity/actor.js';
import pg from 'pg';
import { readInTenant } from '../tenancy/tenant-context.js';
import type { Language } from '../i18n/languages.js';

export const LATEST_NOTICES = 6;
export const WEEK_OPENINGS = 8;

export interface FrontNotice {
  id: string;
  notice_no: string | null;
  title: Partial<Record<Language, string>>;
  category: string;
  method: string;
  status: string;
  estimated_price: string | null;
  submission_deadline: Date;
  opening_at: Date;
  published_at: Date | null;
}

export interface FrontPage {
  instanceSlug: string;
  provisionedAt: Date;
  serverTime: Date;
  openNotices: number;
  publishedThisYear: number;
  /** Disclosed estimated prices of this year's notices, in minor units. */
  valueThisYear: string;
  awardsThisYear: number;
  /** Suppliers registered and approved to bid. */
  suppliers: number;
  latest: FrontNotice[];
  openings: FrontNotice[];
}

type JsonNotice = Omit<FrontNotice, 'submission_deadline' | 'opening_at' | 'published_at'> & {
  submission_deadline: string;
  opening_at: string;
  published_at: string | null;
};

interface FrontRow {
  slug: string;
  provisioned_at: Date;
  now: Date;
  open_notices: number;
  published_this_year: number;
  value_this_year: string;
  awards_this_year: number;
  suppliers: number;
  latest: JsonNotice[];
  openings: JsonNotice[];
}

const NOTICE_COLUMNS = `id, notice_no, title, category, method, status,
  case when estimated_price_hidden then null else estimated_price::text end as estimated_price,
  submission_deadline, opening_at, published_at`;

// zone is the tenant's time zone, for the start of its year and of its day; a literal, as the
// read travels with the tenant's binding in one message (readInTenant).
const frontSql = (zone: string) => `
  with clock as (
    select app_now() as now,
      (date_trunc('year', app_now() at time zone ${zone}) at time zone ${zone}) as year_start,
      (date_trunc('day', app_now() at time zone ${zone}) at time zone ${zone}) as day_start
  ), visible as (
    select * from notices where status <> 'planning'
  )
  select i.slug, i.provisioned_at, clock.now,
    (select count(*) from visible where status = 'active' and opened_at is null
       and submission_deadline > clock.now)::int as open_notices,
    (select count(*) from visible where published_at >= clock.year_start)::int as published_this_year,
    (select coalesce(sum(estimated_price) filter (where not estimated_price_hidden), 0)
       from visible where published_at >= clock.year_start)::text as value_this_year,
    (select count(*) from awards where published_at >= clock.year_start)::int as awards_this_year,
    (select count(*) from suppliers where status = 'approved')::int as suppliers,
    coalesce((select json_agg(l) from (
      select ${NOTICE_COLUMNS} from visible order by published_at desc nulls last, id limit ${LATEST_NOTICES}) l), '[]') as latest,
    coalesce((select json_agg(o) from (
      select ${NOTICE_COLUMNS} from visible
      where opening_at >= clock.day_start and opening_at < clock.day_start + interval '7 days'
      order by opening_at, id limit ${WEEK_OPENINGS}) o), '[]') as openings
  from instance i, clock`;

const toNotice = (n: JsonNotice): FrontNotice => ({
  ...n,
  submission_deadline: new Date(n.submission_deadline),
  opening_at: new Date(n.opening_at),
  published_at: n.published_at ? new Date(n.published_at) : null,
});

export async function readFrontPage(actor: Actor): Promise<FrontPage> {
  const { tenant } = actor;
  const [row] = await readInTenant<FrontRow>(tenant, frontSql(pg.escapeLiteral(tenant.config.timeZone)));
  if (!row) throw new Error(`tenant ${tenant.slug} has no instance row`);
  return {
    instanceSlug: row.slug,
    provisionedAt: row.provisioned_at,
    serverTime: row.now,
    openNotices: row.open_notices,
    publishedThisYear: row.published_this_year,
    valueThisYear: row.value_this_year,
    awardsThisYear: row.awards_this_year,
    suppliers: row.suppliers,
    latest: row.latest.map(toNotice),
    openings: row.openings.map(toNotice),
  };
}
