/**
 * Conflict-of-interest matching, as pure functions: whether a member of staff (an evaluator now,
 * an ICT review committee member later) is related to a company taking part, through the
 * relations they declared themselves or because their own name is that of one of its owners or
 * directors; and which companies taking part share an owner or director (a red flag).
 * Names compare after Unicode NFKC, case folding and collapsing spaces; an id number, when both
 * sides have one, decides alone (two people of one name with different id numbers are two people).
 */

export type PersonRole = 'owner' | 'director';
export type RelationKind = 'family' | 'former-employer' | 'shareholding' | 'other';

export interface CompanyPerson {
  fullName: string;
  role: PersonRole;
  idNumber?: string | null;
}

/** A company taking part (a bidder), with its registered owners and directors. */
export interface Company {
  supplierId: string;
  name: Record<string, string>;
  registrationNo: string;
  people: CompanyPerson[];
}

export interface StaffRelation {
  companyRegistrationNo?: string | null;
  personName?: string | null;
  kind: RelationKind;
}

/** The member of staff whose seat is checked: their own name and what they declared. */
export interface Staff {
  displayName: string;
  relations: StaffRelation[];
}

/** Why a seat is in conflict with one company; `person` is the owner or director matched, if any. */
export interface SeatMatch {
  supplierId: string;
  name: Record<string, string>;
  registrationNo: string;
  reason: 'declared-company' | 'declared-person' | 'own-name';
  relationKind?: RelationKind;
  person?: { fullName: string; role: PersonRole };
}

/** A name as compared: NFKC, lower case, single spaces, no surrounding space. */
export function normaliseName(value: string | null | undefined): string {
  return (value ?? '').normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

/** An id number as compared: exactly, apart from surrounding space; empty means none given. */
export function normaliseIdNumber(value: string | null | undefined): string | null {
  const id = (value ?? '').normalize('NFKC').trim();
  return id ? id : null;
}

/** A registration number compares without case or surrounding space (registration enforces the same). */
const registrationKey = (value: string | null | undefined): string => (value ?? '').trim().toLowerCase();

/**
 * Whether two registered people are one person: their id numbers when both have one, otherwise
 * their normalised names (a name alone can be a namesake; the evidence says which it was).
 */
export function samePerson(
  a: Pick<CompanyPerson, 'fullName' | 'idNumber'>,
  b: Pick<CompanyPerson, 'fullName' | 'idNumber'>,
): boolean {
  const idA = normaliseIdNumber(a.idNumber);
  const idB = normaliseIdNumber(b.idNumber);
  if (idA && idB) return idA === idB;
  const nameA = normaliseName(a.fullName);
  return nameA !== '' && nameA === normaliseName(b.fullName);
}

/** Every reason the staff member may not sit for these companies; empty when there is none. */
export function seatMatches(staff: Staff, companies: Company[]): SeatMatch[] {
  const matches: SeatMatch[] = [];
  const ownName = normaliseName(staff.displayName);
  for (const company of companies) {
    const base = { supplierId: company.supplierId, name: company.name, registrationNo: company.registrationNo };
    for (const relation of staff.relations) {
      const declaredNo = registrationKey(relation.companyRegistrationNo);
      if (declaredNo && declaredNo === registrationKey(company.registrationNo))
        matches.push({ ...base, reason: 'declared-company', relationKind: relation.kind });
      const declaredName = normaliseName(relation.personName);
      const person = declaredName && company.people.find((p) => normaliseName(p.fullName) === declaredName);
      if (person)
        matches.push({
          ...base,
          reason: 'declared-person',
          relationKind: relation.kind,
          person: { fullName: person.fullName, role: person.role },
        });
    }
    const self = ownName && company.people.find((p) => normaliseName(p.fullName) === ownName);
    if (self) matches.push({ ...base, reason: 'own-name', person: { fullName: self.fullName, role: self.role } });
  }
  return matches;
}

/** One person found in several companies; `byIdNumber` says whether an id number proved it. */
export interface SharedPerson {
  fullName: string;
  roles: PersonRole[];
  byIdNumber: boolean;
  companies: Company[];
}

/** The owners and directors that two or more distinct companies share, each person once. */
export function sharedPeople(companies: Company[]): SharedPerson[] {
  const distinct = [...new Map(companies.map((c) => [c.supplierId, c])).values()];
  const groups: { company: Company; person: CompanyPerson }[][] = [];
  for (const company of distinct)
    for (const person of company.people) {
      const group = groups.find((g) => g.some((entry) => samePerson(entry.person, person)));
      if (group) group.push({ company, person });
      else groups.push([{ company, person }]);
    }
  return groups
    .filter((g) => new Set(g.map((entry) => entry.company.supplierId)).size > 1)
    .map((g) => ({
      fullName: g[0]!.person.fullName,
      roles: [...new Set(g.map((entry) => entry.person.role))],
      byIdNumber: g.every((entry) => normaliseIdNumber(entry.person.idNumber) !== null),
      companies: [...new Set(g.map((entry) => entry.company))],
    }));
}
