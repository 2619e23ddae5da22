/** The conflict pages' view models: the staff member's relations, a company's people for auditors. */
import type { Request } from 'express';
import type { FormRefusal } from '../http/forms.js';
import { textIn } from '../i18n/localized-fields.js';
import type { CompanyPerson } from './matching.js';
import { peopleList } from './people-view.js';
import { RELATION_KINDS, type RelationRow } from './relations.js';

export function relationsPage(req: Request, relations: RelationRow[], refusal?: FormRefusal) {
  const values = refusal?.values ?? {};
  return {
    title: req.t('conflicts:relations_title'),
    relations: relations.map((r) => ({
      id: r.id,
      company: r.company_registration_no,
      person: r.person_name,
      kind: req.t(`conflicts:${r.kind}_kind`),
      note: r.note,
      declaredAt: r.declared_at,
    })),
    kinds: RELATION_KINDS.map((k) => ({ value: k, label: req.t(`conflicts:${k}_kind`), selected: values.kind === k })),
    values,
    errors: refusal?.errors ?? {},
    error: refusal?.error,
  };
}

export function supplierPeoplePage(
  req: Request,
  data: { name: Record<string, string>; registrationNo: string; people: CompanyPerson[] },
) {
  const company = textIn(data.name, req.lng, req.actor.tenant.config.locales.default);
  return {
    title: req.t('conflicts:supplier_people_title', { company }),
    registrationNo: data.registrationNo,
    people: peopleList(req, data.people),
  };
}
