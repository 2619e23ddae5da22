/** The parties of a process as the public knows them: an agency's code and names, a company's registration. */
import type { Knex } from 'knex';

export type Localized = Record<string, string>;

export interface AgencyFacts {
  code: string;
  name: Localized;
}

export interface SupplierFacts {
  id: string;
  registrationNo: string;
  name: Localized;
}

interface AgencyRow {
  code: string;
  name: Localized;
}

export async function agency(tx: Knex.Transaction, id: string): Promise<AgencyFacts> {
  const row = await tx('agencies').where({ id }).first<AgencyRow>('code', 'name');
  return { code: row.code, name: row.name };
}

export async function supplier(tx: Knex.Transaction, id: string): Promise<SupplierFacts> {
  const row = await tx('suppliers')
    .where({ id })
    .first<{ id: string; registration_no: string; legal_name: Localized }>('id', 'registration_no', 'legal_name');
  return { id: row.id, registrationNo: row.registration_no, name: row.legal_name };
}
