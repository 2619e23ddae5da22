/**
 * A company's owners and directors (`supplier_people`): the form rows they come in on (the
 * registration form and the company's own page), and how they are stored and read. An id number
 * is personal data: it is read here only for the tenant's staff and for matching, never for a
 * public page, an export or an audit entry (which keeps only whether one was given).
 */
import type { Knex } from 'knex';
import { z } from 'zod';
import type { Company, CompanyPerson, PersonRole } from './matching.js';

/** How many people one form takes (empty rows are ignored). */
export const PEOPLE_ROWS = 12;
export const PERSON_ROLES = ['owner', 'director'] as const satisfies readonly PersonRole[];

const optionalText = (max: number) =>
  z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.string().max(max).optional());

/** `person_<i>_name`, `person_<i>_role`, `person_<i>_id` for each row, all optional at this level. */
export const peopleShape = Object.fromEntries(
  Array.from({ length: PEOPLE_ROWS }, (_, i) => [
    [`person_${i}_name`, optionalText(200)],
    [`person_${i}_role`, z.preprocess((v) => (v === '' ? undefined : v), z.enum(PERSON_ROLES).optional())],
    [`person_${i}_id`, optionalText(60)],
  ]).flat(),
) as Record<string, z.ZodType<string | undefined>>;

/** A row with a role or an id number but no name is a mistake: the name is what matching reads first. */
export function checkPeopleRows(input: Record<string, unknown>, ctx: z.core.$RefinementCtx): void {
  for (let i = 0; i < PEOPLE_ROWS; i++) {
    const name = input[`person_${i}_name`];
    if (!name && input[`person_${i}_id`])
      ctx.addIssue({ code: 'custom', path: [`person_${i}_name`], message: 'conflicts:person_name_required' });
  }
}

/** The people given on a form (rows with a name), in their order; a row without a role is a director. */
export function peopleFromForm(input: Record<string, unknown>): CompanyPerson[] {
  const people: CompanyPerson[] = [];
  for (let i = 0; i < PEOPLE_ROWS; i++) {
    const fullName = input[`person_${i}_name`];
    if (typeof fullName !== 'string' || fullName === '') continue;
    const role = input[`person_${i}_role`] === 'owner' ? 'owner' : 'director';
    const idNumber = input[`person_${i}_id`];
    people.push({ fullName, role, idNumber: typeof idNumber === 'string' && idNumber !== '' ? idNumber : null });
  }
  return people;
}

/** The people as form values (for a form shown again, or the company's own page). */
export function peopleAsForm(people: CompanyPerson[]): Record<string, string> {
  return Object.fromEntries(
    people.flatMap((p, i) => [
      [`person_${i}_name`, p.fullName],
      [`person_${i}_role`, p.role],
      [`person_${i}_id`, p.idNumber ?? ''],
    ]),
  );
}

/** Replaces a company's people with these (inside the caller's tenant transaction). */
export async function replacePeople(tx: Knex.Transaction, supplierId: string, people: CompanyPerson[]): Promise<void> {
  await tx('supplier_people').where({ supplier_id: supplierId }).delete();
  if (people.length === 0) return;
  await tx('supplier_people').insert(
    people.map((p, position) => ({
      supplier_id: supplierId,
      full_name: p.fullName,
      role: p.role,
      id_number: p.idNumber ?? null,
      position,
    })),
  );
}

/** The people of these companies, by company id, in their registered order (id numbers included: staff only). */
export async function peopleOf(tx: Knex.Transaction, supplierIds: string[]): Promise<Map<string, CompanyPerson[]>> {
  const rows =
    supplierIds.length === 0
      ? []
      : await tx('supplier_people')
          .whereIn('supplier_id', supplierIds)
          .orderBy(['supplier_id', 'position'])
          .select<{ supplier_id: string; full_name: string; role: PersonRole; id_number: string | null }[]>(
            'supplier_id',
            'full_name',
            'role',
            'id_number',
          );
  const out = new Map<string, CompanyPerson[]>(supplierIds.map((id) => [id, []]));
  for (const r of rows) out.get(r.supplier_id)?.push({ fullName: r.full_name, role: r.role, idNumber: r.id_number });
  return out;
}

/** Supplier rows as companies to match against, each with its owners and directors. */
export async function companiesWithPeople(
  tx: Knex.Transaction,
  rows: { id: string; legal_name: Record<string, string>; registration_no: string }[],
): Promise<Company[]> {
  const people = await peopleOf(
    tx,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    supplierId: r.id,
    name: r.legal_name,
    registrationNo: r.registration_no,
    people: people.get(r.id) ?? [],
  }));
}

/** What an audit entry keeps of the people: names and roles, and only whether an id number was given. */
export const auditedPeople = (people: CompanyPerson[]) =>
  people.map((p) => ({ name: p.fullName, role: p.role, idNumberGiven: !!p.idNumber }));
