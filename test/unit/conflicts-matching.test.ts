/**
 * Conflict-of-interest matching as pure functions: a seat against the bidders (declared company,
 * declared person, own name), names compared after NFKC, case and spacing, id numbers exactly and
 * deciding alone; and the owners and directors that bidders share.
 */
import assert from 'node:assert/strict';
import {
  normaliseIdNumber,
  normaliseName,
  samePerson,
  seatMatches,
  sharedPeople,
  type Company,
} from '../../server/conflicts/matching.js';
import { sharedOwner, type TenderFacts } from '../../server/integrity/rules-tender.js';

const company = (n: number, people: Company['people'] = []): Company => ({
  supplierId: `s${n}`,
  name: { en: `Supplier ${n}` },
  registrationNo: `REG-${n}`,
  people,
});

describe('conflict-of-interest matching', () => {
  it('normalises names by NFKC, case and spacing, and id numbers by surrounding space only', () => {
    assert.equal(normaliseName('  KIM   Min-jun '), 'kim min-jun');
    // Full-width letters (NFKC) and a non-breaking space.
    assert.equal(normaliseName('ＫＩＭ\u00a0Min-jun'), 'kim min-jun');
    assert.equal(normaliseName(null), '');
    assert.equal(normaliseIdNumber(' 800101-1234567 '), '800101-1234567');
    assert.equal(normaliseIdNumber('  '), null);
    assert.notEqual(normaliseIdNumber('ab-1'), normaliseIdNumber('AB-1'));
  });

  it('lets id numbers decide when both people have one, names otherwise', () => {
    assert.ok(samePerson({ fullName: 'Lee Ji-eun', idNumber: 'X1' }, { fullName: 'LEE JI-EUN', idNumber: 'X1' }));
    assert.ok(!samePerson({ fullName: 'Lee Ji-eun', idNumber: 'X1' }, { fullName: 'Lee Ji-eun', idNumber: 'X2' }));
    assert.ok(samePerson({ fullName: 'Other spelling', idNumber: 'X1' }, { fullName: 'Lee', idNumber: 'X1' }));
    assert.ok(samePerson({ fullName: 'Lee Ji-eun', idNumber: 'X1' }, { fullName: 'lee  ji-eun', idNumber: null }));
    assert.ok(!samePerson({ fullName: '', idNumber: null }, { fullName: ' ', idNumber: null }));
  });

  it('finds a declared company by registration number, whatever the case or surrounding space', () => {
    const matches = seatMatches(
      { displayName: 'Park', relations: [{ companyRegistrationNo: ' reg-2 ', kind: 'former-employer' }] },
      [company(1), company(2)],
    );
    assert.deepEqual(
      matches.map((m) => [m.supplierId, m.reason, m.relationKind]),
      [['s2', 'declared-company', 'former-employer']],
    );
  });

  it('finds a declared person among a bidder’s owners and directors, and the member’s own name', () => {
    const bidders = [
      company(1, [{ fullName: 'Choi Woo-sik', role: 'owner' }]),
      company(2, [{ fullName: 'Park  Seo-joon', role: 'director', idNumber: 'P1' }]),
    ];
    const matches = seatMatches(
      { displayName: 'park seo-joon', relations: [{ personName: 'CHOI WOO-SIK', kind: 'family' }] },
      bidders,
    );
    assert.deepEqual(
      matches.map((m) => [m.supplierId, m.reason, m.person?.fullName, m.person?.role]),
      [
        ['s1', 'declared-person', 'Choi Woo-sik', 'owner'],
        ['s2', 'own-name', 'Park  Seo-joon', 'director'],
      ],
    );
  });

  it('finds nothing for an unrelated member, or a relation to a company that does not bid', () => {
    const bidders = [company(1, [{ fullName: 'Choi Woo-sik', role: 'owner' }])];
    assert.deepEqual(
      seatMatches(
        { displayName: 'Han', relations: [{ companyRegistrationNo: 'REG-9', personName: 'Someone', kind: 'other' }] },
        bidders,
      ),
      [],
    );
  });

  it('finds the people bidders share, once each, and not namesakes with different id numbers', () => {
    const shared = sharedPeople([
      company(1, [
        { fullName: 'Oh Dae-su', role: 'director', idNumber: 'ID-1' },
        { fullName: 'Lee Ji-eun', role: 'owner', idNumber: 'A' },
      ]),
      company(2, [
        { fullName: 'OH dae-su', role: 'owner', idNumber: 'ID-1' },
        { fullName: 'Lee Ji-eun', role: 'owner', idNumber: 'B' },
      ]),
      company(3, [{ fullName: 'Oh  Dae-su', role: 'director' }]),
    ]);
    assert.deepEqual(
      shared.map((s) => [s.fullName, s.roles, s.byIdNumber, s.companies.map((c) => c.supplierId)]),
      [['Oh Dae-su', ['director', 'owner'], false, ['s1', 's2', 's3']]],
    );
  });

  it('does not count one company twice, nor a person listed twice in one company', () => {
    const one = company(1, [
      { fullName: 'Oh Dae-su', role: 'director' },
      { fullName: 'Oh Dae-su', role: 'owner' },
    ]);
    assert.deepEqual(sharedPeople([one, one]), []);
    assert.equal(
      sharedPeople([
        company(1, [{ fullName: 'A B', role: 'owner', idNumber: 'Z' }]),
        company(2, [{ fullName: 'X', role: 'director', idNumber: 'Z' }]),
      ])[0]?.byIdNumber,
      true,
    );
  });

  it('raises the shared-owner red flag only among the bidders of an opened tender, naming no id number', () => {
    const facts = (owners: TenderFacts['owners'], opened = true): TenderFacts => ({
      notice: {
        id: 'n1',
        method: 'open',
        evaluationMethod: 'lowest-price',
        category: 'goods',
        estimatedPrice: 100,
        publishedAt: new Date('2026-09-01T00:00:00Z'),
        submissionDeadline: new Date('2026-09-15T00:00:00Z'),
      },
      opening: opened
        ? {
            outcome: 'opened',
            bids: [1, 2].map((n) => ({
              receiptNo: `R-${n}`,
              supplierId: `s${n}`,
              name: { en: `Supplier ${n}` },
              lot: 0,
              price: 90 + n,
              valid: true,
            })),
            sameSource: [],
          }
        : null,
      award: null,
      resultWinner: null,
      failedReviews: [],
      underFloor: [],
      contacts: [],
      contracts: [],
      owners,
    });
    const applied = {
      rule: 'red-flags v1',
      value: {} as Parameters<typeof sharedOwner>[1]['value'],
    };
    const owners = [
      { supplierId: 's1', people: [{ fullName: 'Oh Dae-su', role: 'director' as const, idNumber: 'ID-1' }] },
      { supplierId: 's2', people: [{ fullName: 'Oh Dae-su', role: 'owner' as const, idNumber: 'ID-1' }] },
      // Not a bidder: shares nothing on this tender.
      { supplierId: 's9', people: [{ fullName: 'Han', role: 'owner' as const }] },
    ];
    const flag = sharedOwner(facts(owners), applied)!;
    assert.deepEqual(flag.supplierIds, ['s1', 's2']);
    assert.deepEqual(flag.sources, ['opening-record', 'supplier-owners']);
    assert.ok(!JSON.stringify(flag.evidence).includes('ID-1'));
    assert.equal(sharedOwner(facts(owners, false), applied), null, 'who bid is secret before the opening');
    assert.equal(sharedOwner(facts(undefined), applied), null);
    assert.equal(sharedOwner(facts([owners[0]!, { ...owners[1]!, people: [] }]), applied), null);
  });
});
