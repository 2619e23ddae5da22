/**
 * The owners-and-directors rows of a form (registration, the company's own page) and the list the
 * tenant's staff read. The rows are filled from what was posted or stored, and end with empty
 * ones to add people.
 */
import type { Request } from 'express';
import type { CompanyPerson } from './matching.js';
import { PEOPLE_ROWS, PERSON_ROLES } from './people.js';

/** How many empty rows follow the filled ones (at least), within the rows a form takes. */
const EMPTY_ROWS = 3;

type ViewRequest = Pick<Request, 't'>;

/** Form rows from posted or stored values (`person_<i>_…`), with each row's field messages. */
export function peopleRows(
  req: ViewRequest,
  values: Record<string, unknown> = {},
  errors: Record<string, string> = {},
) {
  const filled = Array.from({ length: PEOPLE_ROWS }, (_, i) => i).filter(
    (i) => values[`person_${i}_name`] || values[`person_${i}_id`],
  );
  const count = Math.min(PEOPLE_ROWS, Math.max(EMPTY_ROWS, (filled.at(-1) ?? -1) + 1 + EMPTY_ROWS));
  return Array.from({ length: count }, (_, i) => {
    const role = values[`person_${i}_role`];
    return {
      index: i,
      number: req.t('conflicts:person_number', { number: i + 1 }),
      name: values[`person_${i}_name`] ?? '',
      id: values[`person_${i}_id`] ?? '',
      roles: PERSON_ROLES.map((r) => ({ value: r, label: req.t(`conflicts:role_${r}`), selected: role === r })),
      error: errors[`person_${i}_name`] ?? errors[`person_${i}_id`],
    };
  });
}

/** The registered people for the tenant's staff: name, role in words, id number when given. */
export function peopleList(req: ViewRequest, people: CompanyPerson[]) {
  return people.map((p) => ({ name: p.fullName, role: req.t(`conflicts:role_${p.role}`), idNumber: p.idNumber }));
}
