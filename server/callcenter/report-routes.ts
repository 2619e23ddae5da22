/**
 * The call center's weekly report on the staff desk (/platform/reports/calls): the week's calls
 * of the tenants the staff member may see, as charts with their tables, and the same figures as
 * CSV and XLSX. Mounted after the staff desk's router (app.ts), whose middleware signs the staff
 * member in for every /platform path. A week that does not exist shows the form again (422).
 */
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import type { Deps } from '../deps.js';
import { csvFile, CSV_TYPE, xlsxFile, XLSX_TYPE } from '../exports/spreadsheet.js';
import { showFormAgain, type FormRefusal } from '../http/forms.js';
import { parsedQuery, validate } from '../http/validate.js';
import type { csrfProtection } from '../identity/csrf.js';
import { isLanguage } from '../i18n/languages.js';
import { requireStaff } from '../platform/staff-steps.js';
import { callCenterReport } from './report-read.js';
import { reportPage, reportSheet, type ReportReader } from './report-page.js';
import { currentWeek, isIsoWeek, reportWeek } from './report-week.js';

type Csrf = ReturnType<typeof csrfProtection>;

/** `?week=2026-W49`; none (or an empty field) is the current week. */
const WeekQuery = z.object({
  week: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.string().refine(isIsoWeek, { message: 'reports:week_invalid' }).optional(),
  ),
});

const reader = (req: Request): ReportReader => ({ lng: isLanguage(req.lng) ? req.lng : 'en', t: req.t });

/** The report's pages; nothing on them posts, so `_csrf` (the desk routers' shape) is not used. */
export function callCenterReportPages(services: Deps, _csrf: Csrf): Router {
  const router = Router();
  const staffOnly = requireStaff('staff:lookup');

  /** The report of the week asked for, in the staff member's time zone. */
  async function reportOf(req: Request) {
    const staff = req.staff!;
    const id = parsedQuery(req, WeekQuery).week ?? currentWeek(new Date(), staff.timeZone);
    const week = reportWeek(id, staff.timeZone);
    return { week, report: await callCenterReport(services, staff, week) };
  }

  function render(req: Request, res: Response, page: Record<string, unknown>) {
    res.render('callcenter/report', { title: req.t('reports:title'), ...page });
  }

  /** The form again, with the week as typed and why it was refused; no figures. */
  function refused(req: Request, res: Response, refusal?: FormRefusal) {
    const typed = (req.query as Record<string, unknown>).week;
    render(req, res, { ...refusal, values: { week: typeof typed === 'string' ? typed : '' } });
  }

  const page: RequestHandler = async (req, res) => {
    const { week, report } = await reportOf(req);
    const thisWeek = currentWeek(new Date(), req.staff!.timeZone);
    render(req, res, {
      values: { week: week.id },
      week: { id: week.id, previous: week.previous, next: week.id < thisWeek ? week.next : undefined },
      report: reportPage(report, reader(req)),
    });
  };

  const download =
    (format: 'csv' | 'xlsx'): RequestHandler =>
    async (req, res) => {
      const { week, report } = await reportOf(req);
      const sheet = reportSheet(report, reader(req));
      res.attachment(`calls-${week.id}.${format}`);
      if (format === 'csv') res.type(CSV_TYPE).send(csvFile(sheet));
      else res.type(XLSX_TYPE).send(await xlsxFile(sheet));
    };

  const shown = validate({ query: WeekQuery });
  router.get('/platform/reports/calls', staffOnly, shown, page, showFormAgain(refused));
  router.get('/platform/reports/calls.csv', staffOnly, shown, download('csv'), showFormAgain(refused));
  router.get('/platform/reports/calls.xlsx', staffOnly, shown, download('xlsx'), showFormAgain(refused));
  return router;
}
