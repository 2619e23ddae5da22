/** What officers and suppliers send about a contract (API and forms alike). */
import { z } from 'zod';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { amountInMinorUnits } from '../plans/schema.js';

const day = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'contracts:date_format' })
  .refine(
    (v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
    {
      error: 'contracts:date_format',
    },
  );

const checkbox = z
  .union([z.boolean(), z.enum(['on', 'true', 'false', '1', '0', ''])])
  .transform((v) => v === true || v === 'on' || v === 'true' || v === '1')
  .default(false);

const schemas = new Map<string, ReturnType<typeof build>>();

/** The schemas for one currency, built once (zod compiles a schema on its first use). */
export function contractSchemas(currency: string) {
  let built = schemas.get(currency);
  if (!built) schemas.set(currency, (built = build(currency)));
  return built;
}

function build(currency: string) {
  const amount = amountInMinorUnits(currency);
  const generate = z.object({
    awardId: z.uuid(),
    startsOn: day,
    endsOn: day,
    deliverables: z
      .array(
        z.object({
          title: z.string().trim().min(1).max(300),
          amount,
          dueOn: day,
          safetyRelated: checkbox,
        }),
      )
      .min(1, { error: 'contracts:deliverables_needed' })
      .max(50),
  });
  const deposit = z.object({
    kind: z.enum(['bank-guarantee', 'insurance-bond', 'cash']),
    issuer: z.string().trim().min(1).max(300),
    reference: z.string().trim().min(1).max(200),
    amount,
    validUntil: z.union([day, z.literal('').transform(() => undefined)]).optional(),
  });
  const sign = z.object({
    password: z.string().min(1).max(256),
    code: z
      .string()
      .trim()
      .max(32)
      .optional()
      .transform((v) => v || undefined),
  });
  const amend = z
    .object({
      reason: z.string().trim().min(1).max(4000),
      endsOn: day.optional(),
      value: amount.optional(),
      deliverables: z
        .array(z.object({ number: z.coerce.number().int().min(1), dueOn: day.optional(), amount: amount.optional() }))
        .max(50)
        .optional(),
    })
    .refine((a) => a.endsOn !== undefined || a.value !== undefined || (a.deliverables ?? []).length > 0, {
      error: 'contracts:amendment_empty',
      path: ['reason'],
    });
  const terminate = z.object({ reason: z.string().trim().min(1).max(4000) });
  return {
    generate,
    deposit,
    sign,
    amend,
    terminate,
    /** The generate form: its rows `title_<n>`, `amount_<n>`… as the list of deliverables. */
    generateForm: z.preprocess((body) => ({ ...fields(body), deliverables: formRows(fields(body)).list }), generate),
    /** The amend form: `dueOn_<n>` and `amount_<n>` of deliverable n as the list of changes. */
    amendForm: z.preprocess((body) => ({ ...fields(body), deliverables: amendRows(fields(body)) }), amend),
  };
}

type Fields = Record<string, unknown>;
const fields = (body: unknown): Fields => (body && typeof body === 'object' ? (body as Fields) : {});
const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** The generate form's deliverable rows as the API's list, remembering which row each came from. */
export function formRows(body: Fields): { list: Fields[]; rows: number[] } {
  const list: Fields[] = [];
  const rows: number[] = [];
  for (let n = 1; n <= FORM_ROWS; n++) {
    const row = { title: str(body[`title_${n}`]), amount: str(body[`amount_${n}`]), dueOn: str(body[`dueOn_${n}`]) };
    if (!row.title && !row.amount && !row.dueOn) continue;
    list.push({ ...row, safetyRelated: body[`safety_${n}`] === 'on' });
    rows.push(n);
  }
  return { list, rows };
}

function amendRows(body: Fields): Fields[] {
  return Object.keys(body)
    .map((k) => /^dueOn_(\d+)$/.exec(k)?.[1])
    .filter((n): n is string => !!n)
    .map((n) => ({ number: n, dueOn: str(body[`dueOn_${n}`]), amount: str(body[`amount_${n}`]) }));
}

export type GenerateInput = z.infer<ReturnType<typeof build>['generate']>;
export type DepositInput = z.infer<ReturnType<typeof build>['deposit']>;
export type SignInput = z.infer<ReturnType<typeof build>['sign']>;
export type AmendInput = z.infer<ReturnType<typeof build>['amend']>;
export type TerminateInput = z.infer<ReturnType<typeof build>['terminate']>;

/** The schemas of a request body, for the tenant's currency: `validate({ body: contractBody('deposit') })`. */
export const contractBody =
  <K extends keyof ReturnType<typeof build>>(name: K) =>
  (tenant: TenantHandle) =>
    contractSchemas(tenant.config.currency)[name];

export const DEPOSIT_KINDS = ['bank-guarantee', 'insurance-bond', 'cash'] as const;
/** Rows of the deliverable table on the generate form. */
export const FORM_ROWS = 6;
