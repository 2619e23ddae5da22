/**
 * Drafts an officer can fix: saved with what publication would refuse (each rule cited by its
 * name and version), edited and deleted (API and pages) by the draft's agency only and only while
 * a draft; publication needs the tender documents the rules require; a refused publication
 * redirects to the draft's page, which reads in any language.
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import { addStaff, type StaffUser } from '../support/bidders.js';
import { attachTenderDocuments, TENDER_PDF } from '../support/factories.js';
import { csrfFrom, signIn } from '../support/session.js';
import { publishedPlanEntry, tenderWorld, type TenderWorld } from '../support/tender.js';

interface Warning {
  field: string;
  code: string;
  message: string;
}

const ISO_INSTANT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const RULE_ID = /\b(notice-period|bid-security|required-documents|plan-required) v\d/;

describe('drafts an officer can fix', () => {
  let world: TenderWorld;
  let planId: string;
  let elsewhere: StaffUser;
  const api = (path: string) => `/t/${world.slug}/api/v1${path}`;
  const desk = (path = '') => `/t/${world.slug}/notices-desk${path}`;
  const officer = () => ({ app: world.app, slug: world.slug, auth: world.officer });
  const body = (over: Record<string, unknown> = {}) => ({
    planEntryId: planId,
    title_ko: '사무용 의자 구매',
    category: 'goods',
    competition: 'domestic',
    method: 'open',
    evaluationMethod: 'lowest-price',
    estimatedPrice: 50_000_000,
    bidSecurityPercent: 5,
    submissionDeadline: '2026-09-15T10:00',
    openingAt: '2026-09-15T11:30',
    ...over,
  });
  const create = async (over: Record<string, unknown> = {}) =>
    (await request(world.app).post(api('/notices?lng=en')).set(world.officer).send(body(over)).expect(201)).body as {
      id: string;
      warnings: Warning[];
    };
  const actions = (id: string) =>
    inTenant(world.tenant, (tx) =>
      tx('audit_entries').where({ target_id: id }).orderBy('seq').pluck<string[]>('action'),
    );

  before(async () => {
    // 1 September 2026, 10:00 in Seoul: notice-period v1 asks 7 calendar days for goods.
    world = await tenderWorld('korea', '2026-09-01T01:00:00Z');
    planId = await publishedPlanEntry(world, { title_ko: '사무용 가구 구매 계획' });
    elsewhere = (await addStaff(world.tenant, 1, 'officer', 'ELSEWHERE'))[0]!;
    await inTenant(world.tenant, async (tx) => {
      const [agency] = await tx('agencies')
        .insert({ code: 'OTHER', name: JSON.stringify({ ko: '다른 기관', en: 'Another agency' }) })
        .returning<{ id: string }[]>('id');
      await tx('users').where({ id: elsewhere!.userId }).update({ agency_id: agency!.id });
    });
  });
  after(() => world.platform.close());

  it('saves a draft that publication would refuse and says why, citing each rule by its name and version', async () => {
    const draft = await create({
      submissionDeadline: '2026-09-04T10:00',
      openingAt: '2026-09-04T11:00',
      bidSecurityPercent: 1,
    });
    const by = (field: string) => draft.warnings.find((w) => w.field === field)?.message ?? '';
    assert.deepEqual(draft.warnings.map((w) => w.field).sort(), [
      'bidSecurityPercent',
      'documents',
      'submissionDeadline',
    ]);
    assert.match(
      by('submissionDeadline'),
      /on or after .*Tuesday, September 8, 2026.*: 7 calendar days of notice \(.*Notice period \(version 1\).*\); .*Friday, September 4, 2026.* is 4 days short/,
    );
    assert.match(by('bidSecurityPercent'), /at least 5 % \(.*Bid security \(version 1\).*\)/);
    assert.match(
      by('documents'),
      /required before publication: 1 \(.*Required tender documents \(version 1\).*\); attached: 0/,
    );
    for (const w of draft.warnings) assert.doesNotMatch(w.message, RULE_ID);

    // The same findings on the draft's page, in the reader's language.
    const agent = await signIn(world.app, world.slug, `officer@${world.slug}.demo`);
    const page = await agent.get(desk(`/${draft.id}?lng=ko`)).expect(200);
    assert.match(page.text, /지금 게시하면 다음 사유로 거부됩니다/);
    assert.match(page.text, /공고기간\(제1판\)/);
    assert.match(page.text, /입찰보증금\(제1판\)/);
    assert.doesNotMatch(page.text, RULE_ID);
    assert.doesNotMatch(page.text, ISO_INSTANT);
  });

  it('refuses at once what no rule could make right: a deadline already past, an opening before the deadline', async () => {
    const refused = await request(world.app)
      .post(api('/notices?lng=en'))
      .set(world.officer)
      .send(body({ submissionDeadline: '2026-08-31T10:00', openingAt: '2026-08-30T10:00' }))
      .expect(422);
    const fields = (refused.body.errors as Warning[]).map((e) => [e.field, e.code]);
    assert.deepEqual(fields, [
      ['submissionDeadline', 'notices:deadline_passed'],
      ['openingAt', 'notices:opening_before_deadline'],
    ]);
  });

  it('edits a draft through the API: the warnings follow the draft and every change is audited', async () => {
    const { id } = await create({ submissionDeadline: '2026-09-04T10:00', openingAt: '2026-09-04T11:00' });
    const edited = await request(world.app)
      .put(api(`/notices/${id}?lng=en`))
      .set(world.officer)
      .send(body())
      .expect(200);
    assert.deepEqual(
      (edited.body.warnings as Warning[]).map((w) => w.field),
      ['documents'],
    );
    await attachTenderDocuments(officer(), id);
    const ready = await request(world.app)
      .put(api(`/notices/${id}`))
      .set(world.officer)
      .send(body({ title_ko: '사무용 의자 및 책상 구매' }))
      .expect(200);
    assert.deepEqual(ready.body.warnings, []);
    const stored = await inTenant(world.tenant, (tx) => tx('notices').where({ id }).first<{ title: { ko: string } }>());
    assert.equal(stored.title.ko, '사무용 의자 및 책상 구매');
    assert.deepEqual(
      (await actions(id)).filter((a) => a.startsWith('notice.')),
      ['notice.drafted', 'notice.draft-updated', 'notice.documents-uploaded', 'notice.draft-updated'],
    );
  });

  it("refuses another agency's officer, and a notice once published, to edit or delete (API)", async () => {
    const { id } = await create();
    await request(world.app)
      .put(api(`/notices/${id}`))
      .set(elsewhere.auth)
      .send(body())
      .expect(403);
    await request(world.app)
      .delete(api(`/notices/${id}`))
      .set(elsewhere.auth)
      .expect(403);
    await attachTenderDocuments(officer(), id);
    await request(world.app)
      .post(api(`/notices/${id}/publish`))
      .set(world.officer)
      .expect(200);
    const edit = await request(world.app)
      .put(api(`/notices/${id}?lng=en`))
      .set(world.officer)
      .send(body())
      .expect(422);
    assert.match(edit.body.errors[0].message as string, /published notice changes by addendum/);
    await request(world.app)
      .delete(api(`/notices/${id}`))
      .set(world.officer)
      .expect(422);
    const row = await inTenant(world.tenant, (tx) => tx('notices').where({ id }).first<{ status: string }>());
    assert.equal(row.status, 'active');
  });

  it('deletes a draft with its documents, audited in the same transaction', async () => {
    const { id } = await create();
    await attachTenderDocuments(officer(), id);
    await request(world.app)
      .delete(api(`/notices/${id}`))
      .set(world.officer)
      .expect(204);
    const left = await inTenant(world.tenant, async (tx) => ({
      notice: await tx('notices').where({ id }).first(),
      documents: await tx('notice_documents').where({ notice_id: id }).count<{ n: string }[]>({ n: '*' }),
    }));
    assert.equal(left.notice, undefined);
    assert.equal(Number(left.documents[0]!.n), 0);
    assert.equal((await actions(id)).at(-1), 'notice.draft-deleted');
    await request(world.app)
      .delete(api(`/notices/${id}`))
      .set(world.officer)
      .expect(404);
  });

  it('refuses publication without the tender documents the rules require for the method', async () => {
    const { id } = await create({
      method: 'negotiated',
      evaluationMethod: 'negotiated',
      technicalCriteria: [
        { title: 'Methodology', max: 60 },
        { title: 'Experience', max: 40 },
      ],
    });
    const none = await request(world.app)
      .post(api(`/notices/${id}/publish?lng=en`))
      .set(world.officer)
      .expect(422);
    const message = (none.body.errors as Warning[]).find((e) => e.field === 'documents')!.message;
    assert.match(
      message,
      /Tender documents required before publication: 2 \(.*Required tender documents \(version 1\).*\); attached: 0\./,
    );
    await attachTenderDocuments(officer(), id, 1);
    const one = await request(world.app)
      .post(api(`/notices/${id}/publish?lng=en`))
      .set(world.officer)
      .expect(422);
    assert.match(JSON.stringify(one.body.errors), /attached: 1/);
    await request(world.app)
      .post(api(`/notices/${id}/documents`))
      .set(world.officer)
      .attach('documents', TENDER_PDF, 'proposal-request.pdf')
      .expect(201);
    const published = await request(world.app)
      .post(api(`/notices/${id}/publish`))
      .set(world.officer)
      .expect(200);
    assert.ok((published.body.appliedRules as string[]).includes('required-documents v1'));
  });

  it('says when sealed bids open in the tenant time zone, not as a raw instant', async () => {
    const { id } = await create();
    await attachTenderDocuments(officer(), id);
    await request(world.app)
      .post(api(`/notices/${id}/publish`))
      .set(world.officer)
      .expect(200);
    const early = await request(world.app)
      .post(api(`/notices/${id}/open?lng=en`))
      .set(world.officer)
      .expect(409);
    assert.match(early.body.title as string, /Tuesday, September 15, 2026.*11:30/);
    assert.doesNotMatch(early.body.title as string, ISO_INSTANT);
  });

  describe('on the pages', () => {
    let agent: Awaited<ReturnType<typeof signIn>>;
    before(async () => {
      agent = await signIn(world.app, world.slug, `officer@${world.slug}.demo`);
    });

    it('drafts, shows the warnings on the draft page, edits the draft from a filled form and keeps refused input', async () => {
      const form = await agent.get(desk('/new?lng=en')).expect(200);
      const fields = {
        planEntryId: planId,
        title_ko: '회의용 탁자 구매',
        category: 'goods',
        competition: 'domestic',
        method: 'open',
        evaluationMethod: 'lowest-price',
        estimatedPrice: '30000000',
        bidSecurityPercent: '1',
        submissionDeadline: '2026-09-04T10:00',
        openingAt: '2026-09-04T11:30',
      };
      const saved = await agent
        .post(desk())
        .type('form')
        .send({ _csrf: csrfFrom(form.text), ...fields })
        .expect(303);
      const id = /notices-desk\/([0-9a-f-]{36})$/.exec(String(saved.headers.location))![1]!;
      const page = await agent.get(desk(`/${id}?lng=en`)).expect(200);
      assert.match(page.text, /Publication would be refused today, because:/);
      assert.match(page.text, /Bid security \(version 1\)/);
      assert.match(page.text, /Tuesday, September 8, 2026/);

      const edit = await agent.get(desk(`/${id}/edit?lng=en`)).expect(200);
      assert.match(edit.text, /value="회의용 탁자 구매"/);
      assert.match(edit.text, /value="2026-09-04T10:00"/);
      assert.match(edit.text, /value="2026-09-04T11:30"/);
      assert.match(edit.text, /value="30000000"/);
      // The warning stands under its field, which names it as its description.
      assert.match(
        edit.text,
        /class="field-warning" id="bidSecurityPercent-warning">The bid security must be at least 5 %/,
      );
      assert.match(edit.text, /id="bidSecurityPercent"[^>]*aria-describedby="bidSecurityPercent-warning"/);

      // An opening before the deadline: the form comes back with the message and what was typed.
      const refused = await agent
        .post(desk(`/${id}/edit?lng=en`))
        .type('form')
        .send({
          _csrf: csrfFrom(edit.text),
          ...fields,
          title_ko: '회의용 탁자 구매 (수정)',
          openingAt: '2026-09-14T09:00',
          submissionDeadline: '2026-09-15T10:00',
        })
        .expect(422);
      assert.match(
        refused.text,
        /class="field-error" id="openingAt-error">The opening cannot be before the submission deadline/,
      );
      assert.match(refused.text, /id="openingAt"[^>]*aria-invalid="true" aria-describedby="openingAt-error"/);
      assert.match(refused.text, /value="회의용 탁자 구매 \(수정\)"/);
      assert.match(refused.text, /value="2026-09-14T09:00"/);

      const fixed = await agent
        .post(desk(`/${id}/edit`))
        .type('form')
        .send({
          _csrf: csrfFrom(refused.text),
          ...fields,
          bidSecurityPercent: '5',
          submissionDeadline: '2026-09-15T10:00',
          openingAt: '2026-09-15T11:30',
        })
        .expect(303);
      assert.equal(fixed.headers.location, desk(`/${id}`));
      const after = await agent.get(desk(`/${id}?lng=en`)).expect(200);
      assert.doesNotMatch(after.text, /Bid security \(version 1\)/);
      assert.match(after.text, /Required tender documents \(version 1\)/);
      assert.ok((await actions(id)).includes('notice.draft-updated'));
    });

    it('redirects a refused publication to the draft page, which reads again in another language', async () => {
      const { id } = await create({ submissionDeadline: '2026-09-04T10:00', openingAt: '2026-09-04T11:30' });
      const page = await agent.get(desk(`/${id}?lng=en`)).expect(200);
      const refused = await agent
        .post(desk(`/${id}/publish?lng=en`))
        .type('form')
        .send({ _csrf: csrfFrom(page.text) })
        .expect(303);
      assert.equal(refused.headers.location, desk(`/${id}?refused=1`));
      const en = await agent.get(`${String(refused.headers.location)}&lng=en`).expect(200);
      assert.match(en.text, /The notice was not published:/);
      assert.match(en.text, /Notice period \(version 1\)/);
      const ko = await agent.get(`${String(refused.headers.location)}&lng=ko`).expect(200);
      assert.match(ko.text, /공고기간\(제1판\)/);
      assert.doesNotMatch(ko.text, RULE_ID);
      assert.doesNotMatch(ko.text, ISO_INSTANT);
      const row = await inTenant(world.tenant, (tx) => tx('notices').where({ id }).first<{ status_details: string }>());
      assert.equal(row.status_details, 'draft');
    });

    it('deletes a draft from its page; another agency cannot edit or delete it, and a published notice stays', async () => {
      const { id } = await create();
      const stranger = await signIn(world.app, world.slug, elsewhere.email);
      await stranger.get(desk(`/${id}/edit`)).expect(403);
      const theirs = await stranger.get(desk('/new')).expect(200);
      await stranger
        .post(desk(`/${id}/delete`))
        .type('form')
        .send({ _csrf: csrfFrom(theirs.text) })
        .expect(403);

      const page = await agent.get(desk(`/${id}?lng=en`)).expect(200);
      assert.match(page.text, /Delete the draft/);
      const deleted = await agent
        .post(desk(`/${id}/delete`))
        .type('form')
        .send({ _csrf: csrfFrom(page.text) })
        .expect(303);
      assert.equal(deleted.headers.location, desk());
      await agent.get(desk(`/${id}`)).expect(404);

      const published = await create();
      await attachTenderDocuments(officer(), published.id);
      await request(world.app)
        .post(api(`/notices/${published.id}/publish`))
        .set(world.officer)
        .expect(200);
      const shown = await agent.get(desk(`/${published.id}?lng=en`)).expect(200);
      assert.doesNotMatch(shown.text, /Delete the draft/);
      await agent.get(desk(`/${published.id}/edit`)).expect(422);
      await agent
        .post(desk(`/${published.id}/delete?lng=en`))
        .type('form')
        .send({ _csrf: csrfFrom(shown.text) })
        .expect(422);
    });
  });
});
