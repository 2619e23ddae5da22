/**
 * Contract pages: the list, the officer's generate form (from a final award), the contract page
 * with each party's actions (deposit, signature with password and code, amendment, termination),
 * the auditor's verification page, the printable document and its PDF. A refusal comes back on
 * the same page, field by field.
 */
import { Router, type Request, type Response } from 'express';
import { AppError } from '../../http/errors.js';
import { fieldMessages, parseInput } from '../../http/validate.js';
import type { csrfProtection } from '../../identity/csrf.js';
import { auditContextOf } from '../../identity/passport.js';
import { publicRoute, requirePolicy } from '../../identity/policy.js';
import type { Deps } from '../../deps.js';
import { contractChanges } from './changes.js';
import { contractFormat, contractModel } from './page-model.js';
import { contractDocument, sendContractPdf } from './print.js';
import { contractSchemas, DEPOSIT_KINDS, FORM_ROWS } from './schema.js';
import { contractsService } from './service.js';
import { signingService } from './signing.js';
import { verificationModel } from './verify-model.js';
import { awardForContract, contractDetail, contractList } from './view.js';

type Csrf = ReturnType<typeof csrfProtection>;
type Body = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** The generate form's deliverable rows as the API's list, remembering which row each came from. */
function deliverablesFrom(body: Body): { list: Body[]; rows: number[] } {
  const list: Body[] = [];
  const rows: number[] = [];
  for (let n = 1; n <= FORM_ROWS; n++) {
    const row = { title: str(body[`title_${n}`]), amount: str(body[`amount_${n}`]), dueOn: str(body[`dueOn_${n}`]) };
    if (!row.title && !row.amount && !row.dueOn) continue;
    list.push({ ...row, safetyRelated: body[`safety_${n}`] === 'on' });
    rows.push(n);
  }
  return { list, rows };
}

/** Errors on `deliverables.2.amount` shown on the form's row field `amount_<row>`. */
function rowErrors(errors: Record<string, string>, rows: number[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(errors)) {
    const m = /^deliverables\.(\d+)\.(\w+)$/.exec(field);
    out[m ? `${m[2]}_${rows[Number(m[1])] ?? 1}` : field] ??= message;
  }
  return out;
}

/** An amount in minor units as the form's major-unit text. */
function majorUnits(amount: number | string, currency: string): string {
  const digits =
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 0;
  return (Number(amount) / 10 ** digits).toFixed(digits);
}

export function contractPages(services: Deps, csrf: Csrf): Router {
  const router = Router();
  const contracts = contractsService(services);
  const changes = contractChanges(services);
  const signing = signingService(services);
  const schemas = (req: Request) => contractSchemas(req.tenant!.config.currency);

  async function formPage(req: Request, res: Response, awardId: string, status = 200, extra: Body = {}) {
    const award = await awardForContract(req.tenant!, req.user!, awardId);
    const f = contractFormat(req.tenant!, req.lng);
    res.status(status).render('contracts/new', {
      title: req.t('contracts:new_title'),
      award: {
        id: award.id,
        noticeNo: award.notice_no,
        title: f.text(award.title),
        supplier: f.text(award.supplier),
        registrationNo: award.registration_no,
        amountText: f.money(award.amount),
        final: award.status === 'final',
      },
      currency: req.tenant!.config.currency,
      values: {},
      ...extra,
      rows: Array.from({ length: FORM_ROWS }, (_, i) => {
        const n = i + 1;
        const values = (extra.values ?? {}) as Body;
        const errors = (extra.errors ?? {}) as Record<string, string>;
        return {
          n,
          title: str(values[`title_${n}`]),
          amount: str(values[`amount_${n}`]),
          dueOn: str(values[`dueOn_${n}`]),
          safety: values[`safety_${n}`] === 'on',
          errors: { title: errors[`title_${n}`], amount: errors[`amount_${n}`], dueOn: errors[`dueOn_${n}`] },
        };
      }),
      errors: extra.errors ?? {},
    });
  }

  async function showPage(req: Request, res: Response, status = 200, extra: Body = {}) {
    const detail = await contractDetail(req.tenant!, req.user, String(req.params.id));
    const contract = contractModel(req.tenant!, req.lng, req.t, detail, req.user);
    const currency = req.tenant!.config.currency;
    res.status(status).render('contracts/show', {
      title: req.t('contracts:contract_title', { number: contract.contractNo }),
      contract,
      kinds: DEPOSIT_KINDS.map((k) => ({ value: k, label: req.t(`contracts:kind_${k}`) })),
      amend: {
        endsOn: detail.contract.ends_on,
        value: majorUnits(detail.contract.value, currency),
        deliverables: detail.deliverables.map((d) => ({
          number: d.number,
          title: d.title,
          dueOn: d.due_on,
          amount: majorUnits(d.amount, currency),
        })),
      },
      currency,
      values: {},
      errors: {},
      ...extra,
    });
  }

  /** Runs a form action; a refusal re-renders the contract page with the messages in `section`. */
  function action(section: string, run: (req: Request) => Promise<unknown>) {
    return async (req: Request, res: Response) => {
      try {
        await run(req);
        res.redirect(303, `${req.baseUrl}/contracts/${String(req.params.id)}`);
      } catch (error) {
        if (!(error instanceof AppError) || error.status === 404 || error.status === 403) throw error;
        const body = { ...(req.body as Body) };
        delete body.password;
        delete body.code;
        const errors: Record<string, string> = {};
        // `deliverables.2.dueOn` is shown once, next to the deliverables.
        for (const [field, message] of Object.entries(fieldMessages(error, req.t)))
          errors[field.split('.')[0]!] ??= message;
        await showPage(req, res, error.status, {
          section,
          values: { [section]: body },
          errors: { [section]: errors },
          error: error.details.length > 0 ? req.t('validation:failed') : req.t(error.key, error.params),
        });
      }
    };
  }

  router.get('/contracts', publicRoute, services.limits.perAddress('public-search'), async (req, res) => {
    const { contracts: rows, awardsReady } = await contractList(req.tenant!, req.user);
    const f = contractFormat(req.tenant!, req.lng);
    res.render('contracts/list', {
      title: req.t('contracts:list_title'),
      contracts: rows.map((r) => ({
        id: r.id,
        contractNo: r.contract_no,
        title: f.text(r.title),
        supplier: f.text(r.supplier),
        valueText: f.money(r.value),
        statusLabel: req.t(`contracts:status_${r.status}`),
      })),
      awardsReady: awardsReady.map((a) => ({
        id: a.id,
        noticeNo: a.notice_no,
        title: f.text(a.title),
        supplier: f.text(a.supplier),
        amountText: f.money(a.amount),
      })),
    });
  });

  router.get('/contracts/new', requirePolicy('notices:manage'), csrf.token, (req, res) =>
    formPage(req, res, str(req.query.award)),
  );

  router.post('/contracts', requirePolicy('notices:manage'), csrf.protect, csrf.token, async (req, res) => {
    const body = req.body as Body;
    const { list, rows } = deliverablesFrom(body);
    try {
      const input = parseInput(schemas(req).generate, { ...body, deliverables: list });
      const { id } = await contracts.generate(req.tenant!, req.user!, auditContextOf(req), input);
      res.redirect(303, `${req.baseUrl}/contracts/${id}`);
    } catch (error) {
      if (!(error instanceof AppError) || error.status === 404) throw error;
      await formPage(req, res, str(body.awardId), error.status, {
        values: body,
        errors: rowErrors(fieldMessages(error, req.t), rows),
        error: error.details.length > 0 ? req.t('validation:failed') : req.t(error.key, error.params),
      });
    }
  });

  router.get('/contracts/:id', publicRoute, csrf.token, (req, res) => showPage(req, res));

  router.post(
    '/contracts/:id/deposit',
    requirePolicy('contracts:sign-own'),
    csrf.protect,
    csrf.token,
    action('deposit', (req) =>
      contracts.recordDeposit(
        req.tenant!,
        req.user!,
        auditContextOf(req),
        String(req.params.id),
        parseInput(schemas(req).deposit, req.body ?? {}),
      ),
    ),
  );

  router.post(
    '/contracts/:id/sign',
    requirePolicy('account:use'),
    csrf.protect,
    csrf.token,
    action('sign', (req) =>
      signing.sign(
        req.tenant!,
        req.user!,
        auditContextOf(req),
        String(req.params.id),
        parseInput(schemas(req).sign, req.body ?? {}),
      ),
    ),
  );

  router.post(
    '/contracts/:id/amend',
    requirePolicy('notices:manage'),
    csrf.protect,
    csrf.token,
    action('amend', (req) => {
      const body = req.body as Body;
      const deliverables = Object.keys(body)
        .map((k) => /^dueOn_(\d+)$/.exec(k)?.[1])
        .filter((n): n is string => !!n)
        .map((n) => ({ number: n, dueOn: str(body[`dueOn_${n}`]), amount: str(body[`amount_${n}`]) }));
      const input = parseInput(schemas(req).amend, { ...body, deliverables });
      return changes.amend(req.tenant!, req.user!, auditContextOf(req), String(req.params.id), input);
    }),
  );

  router.post(
    '/contracts/:id/terminate',
    requirePolicy('notices:manage'),
    csrf.protect,
    csrf.token,
    action('terminate', (req) => {
      const { reason } = parseInput(schemas(req).terminate, req.body ?? {});
      return changes.terminate(req.tenant!, req.user!, auditContextOf(req), String(req.params.id), reason);
    }),
  );

  router.get('/contracts/:id/verify', requirePolicy('contracts:verify'), async (req, res) => {
    const report = await signing.verify(req.tenant!, req.user!, String(req.params.id));
    res.render('contracts/verify', {
      title: req.t('contracts:verify_title', { number: report.contractNo }),
      report: verificationModel(req.tenant!, req.lng, req.t, report),
    });
  });

  router.get('/contracts/:id/print', publicRoute, async (req, res) => {
    const detail = await contractDetail(req.tenant!, req.user, String(req.params.id));
    res.type('html').send(await contractDocument(services, req, res, detail));
  });

  router.get('/contracts/:id/pdf', publicRoute, services.limits.perAddress('contract-pdf'), async (req, res) => {
    await sendContractPdf(services, req, res, await contractDetail(req.tenant!, req.user, String(req.params.id)));
  });
  return router;
}
