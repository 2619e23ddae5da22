/**
 * The contract pages as the reader sees them: the list, the generate form, the contract page with
 * each party's forms, the verification report. A refused form comes back with its messages (given
 * by http/forms.ts) and what was typed.
 */
import type { Request, Response } from 'express';
import type { FormRefusal } from '../../http/forms.js';
import { contractFormat, contractModel } from './page-model.js';
import { awardForContract, contractDetail, contractList } from './read.js';
import { DEPOSIT_KINDS, FORM_ROWS, formRows } from './schema.js';
import type { VerificationReport } from './signing.js';
import { verificationModel } from './verify-model.js';
import { typedAmount } from '../../i18n/format.js';

type Fields = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** Errors on `deliverables.2.amount` shown on the form's row field `amount_<row>`. */
function rowErrors(errors: Record<string, string>, rows: number[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(errors)) {
    const m = /^deliverables\.(\d+)\.(\w+)$/.exec(field);
    out[m ? `${m[2]}_${rows[Number(m[1])] ?? 1}` : field] ??= message;
  }
  return out;
}

export async function listPage(req: Request, res: Response): Promise<void> {
  const { contracts, awardsReady } = await contractList(req.actor);
  const f = contractFormat(req.actor.tenant, req.lng);
  res.render('contracts/list', {
    title: req.t('contracts:list_title'),
    sentForCheck: req.query.sent === 'check' ? req.t('approvals:sent_for_check') : undefined,
    contracts: contracts.map((r) => ({
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
}

/** The generate form's rows, filled with what was typed and each row's messages. */
function formTable(values: Fields, errors: Record<string, string>) {
  return Array.from({ length: FORM_ROWS }, (_, i) => {
    const n = i + 1;
    return {
      n,
      title: str(values[`title_${n}`]),
      amount: str(values[`amount_${n}`]),
      dueOn: str(values[`dueOn_${n}`]),
      safety: values[`safety_${n}`] === 'on',
      errors: { title: errors[`title_${n}`], amount: errors[`amount_${n}`], dueOn: errors[`dueOn_${n}`] },
    };
  });
}

/** The officer's generate form for the award `?award=` (or the one posted). */
export async function newContractPage(req: Request, res: Response, refusal?: FormRefusal): Promise<void> {
  const values = refusal ? refusal.values : {};
  const errors = refusal ? rowErrors(refusal.errors, formRows(values).rows) : {};
  const award = await awardForContract(req.actor, str(refusal ? values.awardId : req.query.award));
  const f = contractFormat(req.actor.tenant, req.lng);
  res.render('contracts/new', {
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
    currency: req.actor.tenant.config.currency,
    values,
    ...(refusal ? { error: refusal.error } : {}),
    rows: formTable(values, errors),
    errors,
  });
}

/** A refused form of the contract page: its section, what was typed (never the password) and its messages. */
function sectionRefusal(req: Request, refusal: FormRefusal) {
  const section = refusal.form ?? '';
  const typed = { ...refusal.values };
  delete typed.password;
  delete typed.code;
  const errors: Record<string, string> = {};
  // `deliverables.2.dueOn` is shown once, next to the deliverables.
  for (const [field, message] of Object.entries(refusal.errors)) errors[field.split('.')[0]!] ??= message;
  return { section, values: { [section]: typed }, errors: { [section]: errors }, error: refusal.error };
}

/** The contract page; a refused form (deposit, sign, amend, terminate) shows its messages in its section. */
export async function contractPage(req: Request, res: Response, refusal?: FormRefusal): Promise<void> {
  const detail = await contractDetail(req.actor, String(req.params.id));
  const tenant = req.actor.tenant;
  const contract = contractModel(tenant, req.lng, req.t, detail, req.actor.user);
  const currency = tenant.config.currency;
  res.render('contracts/show', {
    title: req.t('contracts:contract_title', { number: contract.contractNo }),
    contract,
    kinds: DEPOSIT_KINDS.map((k) => ({ value: k, label: req.t(`contracts:kind_${k}`) })),
    amend: {
      endsOn: detail.contract.ends_on,
      value: typedAmount(detail.contract.value, currency),
      deliverables: detail.deliverables.map((d) => ({
        number: d.number,
        title: d.title,
        dueOn: d.due_on,
        amount: typedAmount(d.amount, currency),
      })),
    },
    currency,
    values: {},
    errors: {},
    ...(refusal ? sectionRefusal(req, refusal) : {}),
  });
}

export function verifyPage(req: Request, res: Response, report: VerificationReport): void {
  res.render('contracts/verify', {
    title: req.t('contracts:verify_title', { number: report.contractNo }),
    report: verificationModel(req.actor.tenant, req.lng, req.t, report),
  });
}
