/**
 * The staff desk's outage page (/platform/outages): a platform operator records a window in which
 * a tenant's system was unavailable; open notices whose deadline fell inside it are extended by
 * the tenant's outage-extension rule (procurement/notices/outages.ts), in that tenant's audit
 * trail under the operator's name. Mounted after the staff desk's router (app.ts), whose
 * middleware signs the staff member in for every /platform path; without one this page sends to
 * the sign-in page, as the desk's own pages do.
 */
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { ParamsDictionary } from 'express-serve-static-core';
import type { ParsedQs } from 'qs';
import { z } from 'zod';
import type { Deps } from '../deps.js';
import { showFormAgain, type FormRefusal } from '../http/forms.js';
import { validate } from '../http/validate.js';
import type { csrfProtection } from '../identity/csrf.js';
import { outageDesk } from './outage-desk.js';
import { requireStaff, staffActor } from './staff-steps.js';

type Csrf = ReturnType<typeof csrfProtection>;

/** The tenant chosen by a link (`?tenant=`); anything odd chooses none. */
const OutageQuery = z.object({ tenant: z.string().optional().catch(undefined) });
/** The form: its tenant is checked when the window is recorded, its times in that tenant's zone. */
const OutageForm = z.looseObject({ tenant: z.unknown() });

/** Operators only: recording an outage changes tenders. */
const operatorDesk = requireStaff('staff:desk', ['operator']);

export function outagePages(services: Deps, csrf: Csrf): Router {
  const router = Router();
  const desk = outageDesk(services);

  /** The form again, with what was typed and why it was refused. */
  async function refused(req: Request, res: Response, refusal?: FormRefusal) {
    const values = refusal?.values ?? {};
    await desk.render(req, res, await desk.tenantOf(values.tenant), {
      values,
      errors: refusal?.errors ?? {},
      error: refusal?.error,
    });
  }

  const show: RequestHandler<ParamsDictionary, unknown, unknown, z.infer<typeof OutageQuery> & ParsedQs> = async (
    req,
    res,
  ) => {
    const slug = req.query.tenant;
    await desk.render(req, res, await desk.tenantOf(slug), { values: { tenant: slug } });
  };

  const record: RequestHandler<ParamsDictionary, unknown, Record<string, unknown>> = async (req, res) => {
    const { tenant, result } = await desk.record(staffActor(req), req.body);
    await desk.render(req, res, tenant, { result, values: { tenant: tenant.slug } });
  };

  router.get('/platform/outages', operatorDesk, csrf.token, validate({ query: OutageQuery }), show);
  router.post(
    '/platform/outages',
    operatorDesk,
    csrf.protect,
    csrf.token,
    validate({ body: OutageForm }),
    record,
    showFormAgain(refused),
  );
  return router;
}
