import assert from 'node:assert/strict';
import request from 'supertest';
import { csrfProtection } from '../../server/identity/csrf.js';
import { outagePages } from '../../server/platform/outage-routes.js';
import {
  addendaWorld,
  currentBid,
  operator,
  PDF,
  PNG,
  runCli,
  SEOUL,
  sha256,
  type AddendaWorld,
} from '../support/addenda-world.js';
import { csrfFrom, signIn } from '../support/session.js';
import { binaryBody } from '../support/binary.js';

describe('notice documents, addenda and outage extensions', () => {
  let w: AddendaWorld;
  // The clock starts at 10:00 on Tuesday 1 September 2026 in Seoul and ends at 10:45 on the 10th.
  before(async () => {
    w = await addendaWorld(SEOUL('2026-09-10T10:45'), SEOUL('2026-09-01T10:00'));
  });
  after(() => w.platform.close());
  const api = (path: string) => w.api(path);

  let a: string; // deadline 10 September 10:00, documents; amended 2 days before the deadline
  let b: string; // deadline 20 October: amended well before
  let d: string; // deadline 10 September 10:00: inside the outage
  let e: string; // deadline 10 September 16:00: after the outage

  it('keeps documents uploaded to a draft, refuses what is too large or not what it claims, and serves them with their hash', async () => {
    w.setClock(SEOUL('2026-09-01T10:00'));
    a = await w.draft('2026-09-10T10:00', '2026-09-10T14:00');
    const up = await request(w.app)
      .post(api(`/notices/${a}/documents`))
      .set(w.officer)
      .attach('documents', PDF, 'specification.pdf')
      .attach('documents', PNG, 'site-plan')
      .expect(201);
    const docs = up.body.documents as { id: string; fileName: string; sha256: string; contentType: string }[];
    // The type comes from the content, and the name gets its extension.
    assert.deepEqual(
      docs.map((x) => [x.fileName, x.contentType, x.sha256]),
      [
        ['site-plan.png', 'image/png', sha256(PNG)],
        ['specification.pdf', 'application/pdf', sha256(PDF)],
      ],
    );
    const big = Buffer.concat([PDF, Buffer.alloc(20 * 1024 * 1024)]);
    const tooLarge = await request(w.app)
      .post(api(`/notices/${a}/documents`))
      .set(w.officer)
      .attach('documents', big, 'big.pdf');
    assert.equal(tooLarge.status, 413);
    const disguised = await request(w.app)
      .post(api(`/notices/${a}/documents`))
      .set(w.officer)
      .attach('documents', Buffer.from('Only text, not a PDF at all.'), 'specification.pdf')
      .expect(415);
    assert.equal(disguised.body.type, 'urn:koneps:problem:upload_type_unsupported');
    assert.equal(await w.storedDocuments(a), 2);
    const pdf = docs.find((x) => x.fileName === 'specification.pdf')!;
    await request(w.app).get(`/t/${w.slug}/notices/${a}/documents/${pdf.id}`).expect(404);

    await w.publish(a);
    const download = await request(w.app)
      .get(`/t/${w.slug}/notices/${a}/documents/${pdf.id}`)
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    assert.equal(download.headers['content-type'], 'application/pdf');
    assert.match(String(download.headers['content-disposition']), /^attachment; filename="?specification\.pdf"?$/);
    assert.equal(sha256(download.body as Buffer), pdf.sha256);
    const page = await request(w.app).get(`/t/${w.slug}/notices/${a}?lng=en`).expect(200);
    assert.ok(page.text.includes(pdf.sha256));
    await request(w.app)
      .post(api(`/notices/${a}/documents`))
      .set(w.officer)
      .attach('documents', PDF, 'x.pdf')
      .expect(422);
  });

  it('extends the deadline of an addendum issued two days before it, renumbers the notice and tells the asker', async () => {
    w.setClock(SEOUL('2026-09-01T11:00'));
    b = await w.draft('2026-10-20T10:00', '2026-10-20T14:00');
    await w.publish(b);
    await request(w.app)
      .post(api(`/notices/${a}/questions`))
      .set(w.supplier)
      .send({ question: '규격서의 전압 조건을 확인해 주십시오.' })
      .expect(201);
    const [plan] = (
      await request(w.app)
        .get(api(`/notices/${a}/documents`))
        .expect(200)
    ).body.documents as {
      id: string;
      fileName: string;
    }[];
    assert.equal(plan!.fileName, 'site-plan.png');

    // Tuesday 8 September: korea's addendum-lead-time asks 5 working days (tenants/korea.yaml).
    w.setClock(SEOUL('2026-09-08T10:00'));
    const issued = await request(w.app)
      .post(api(`/notices/${a}/addenda`))
      .set(w.officer)
      .field('summary', '배치도를 수정했습니다.')
      .attach(`replace_${plan!.id}`, PNG, 'site-plan-v2.png')
      .expect(201);
    assert.equal(issued.body.extendedByRule, true);
    assert.equal(issued.body.submissionDeadline, SEOUL('2026-09-15T10:00'));
    assert.equal(issued.body.openingAt, SEOUL('2026-09-15T14:00'));
    assert.match(issued.body.noticeNo as string, /^R26BK\d{8}-001$/);
    assert.ok((issued.body.appliedRules as string[]).includes('addendum-lead-time v1'));
    assert.equal((await w.notice(a)).status_details, 'amended');
    const audited = await w.query((tx) =>
      tx('audit_entries').where({ target_id: a }).orderBy('seq').pluck<string[]>('action'),
    );
    assert.deepEqual(
      audited.filter((x) => x.startsWith('notice.document') || x === 'notice.addendum-issued'),
      ['notice.documents-uploaded', 'notice.addendum-issued'],
    );

    const page = await request(w.app).get(`/t/${w.slug}/notices/${a}?lng=en`).expect(200);
    assert.match(page.text, /Addendum 1/);
    assert.match(page.text, /Extended automatically/);
    assert.match(page.text, /addendum-lead-time v1/);
    assert.match(page.text, /site-plan-v2\.png/);
    assert.match(page.text, /replaced by a newer version/);
    const mails = await w.mailsTo(`supplier@${w.slug}.demo`);
    assert.equal(mails.length, 1);
    assert.match(mails[0]!.subject, /-001: 제1차 정정공고/);
    assert.match(mails[0]!.body_text, /배치도를 수정했습니다/);

    const calm = await request(w.app)
      .post(api(`/notices/${b}/addenda`))
      .set(w.officer)
      .send({ summary: 'Clarified the delivery address.' })
      .expect(201);
    assert.equal(calm.body.extendedByRule, false);
    assert.equal(calm.body.submissionDeadline, SEOUL('2026-10-20T10:00'));
    assert.match(calm.body.noticeNo as string, /-001$/);
    const listed = await request(w.app)
      .get(api(`/notices/${b}/addenda`))
      .expect(200);
    assert.equal((listed.body.addenda as unknown[]).length, 1);
  });

  it('answers bad input with field errors, and keeps addenda to the agency officers', async () => {
    const bad = await request(w.app)
      .post(api(`/notices/${b}/addenda`))
      .set(w.officer)
      .send({ summary: 'x', submissionDeadline: 'soon' })
      .expect(422);
    const fields = (bad.body.errors as { field: string }[]).map((x) => x.field).sort();
    assert.deepEqual(fields, ['submissionDeadline', 'summary']);
    const earlier = await request(w.app)
      .post(api(`/notices/${b}/addenda`))
      .set(w.officer)
      .send({ summary: 'Bring the deadline forward.', submissionDeadline: '2026-10-01T10:00' })
      .expect(422);
    assert.equal((earlier.body.errors as { code: string }[])[0]!.code, 'addenda:deadline_earlier');
    await request(w.app)
      .post(api(`/notices/${b}/addenda`))
      .set(w.officer)
      .field('summary', 'A file under a strange name.')
      .attach('appendix', PDF, 'x.pdf')
      .expect(422);
    await request(w.app)
      .post(api(`/notices/${b}/addenda`))
      .set(w.supplier)
      .send({ summary: 'Not mine.' })
      .expect(403);
  });

  it("works from the officer's pages: upload, refusal on the page, removal, an addendum with a file", async () => {
    w.setClock(SEOUL('2026-09-08T10:00'));
    const f = await w.draft('2026-09-30T10:00', '2026-09-30T14:00');
    const officer = await signIn(w.app, w.slug, `officer@${w.slug}.demo`);
    const desk = `/t/${w.slug}/notices-desk/${f}/documents`;
    const page = await officer.get(`${desk}?lng=en`).expect(200);
    await officer.post(desk).field('_csrf', csrfFrom(page.text)).attach('documents', PDF, 'terms.pdf').expect(303);
    const big = Buffer.concat([PDF, Buffer.alloc(20 * 1024 * 1024)]);
    const refused = await officer.post(`${desk}?lng=en`).attach('documents', big, 'big.pdf').expect(413);
    assert.match(refused.text, /at most 10 files of 20 MB each/);
    const listed = await officer.get(`${desk}?lng=en`).expect(200);
    const id = /\/documents\/([0-9a-f-]{36})\/remove/.exec(listed.text)![1]!;
    assert.equal(await w.storedDocuments(f), 1);
    await officer
      .post(`${desk}/${id}/remove`)
      .type('form')
      .send({ _csrf: csrfFrom(listed.text) })
      .expect(303);
    assert.equal(await w.storedDocuments(f), 0);

    const form = await officer.get(`/t/${w.slug}/notices-desk/${b}/addenda/new?lng=en`).expect(200);
    const invalid = await officer
      .post(`/t/${w.slug}/notices-desk/${b}/addenda?lng=en`)
      .field('_csrf', csrfFrom(form.text))
      .field('summary', 'x')
      .expect(422);
    assert.match(invalid.text, /field-error/);
    await officer
      .post(`/t/${w.slug}/notices-desk/${b}/addenda`)
      .field('_csrf', csrfFrom(form.text))
      .field('summary', 'Annex with the delivery map.')
      .field('submissionDeadline', '')
      .attach('documents', PNG, 'annex.png')
      .expect(303)
      .expect('Location', `/t/${w.slug}/notices/${b}`);
    assert.match((await w.notice(b)).notice_no, /-002$/);
    const shown = await request(w.app).get(`/t/${w.slug}/notices/${b}?lng=en`).expect(200);
    assert.match(shown.text, /Document added: annex\.png/);
  });

  it('extends, once, the deadlines that fell inside a recorded outage and leaves the others alone', async () => {
    w.setClock(SEOUL('2026-09-01T12:00'));
    d = await w.draft('2026-09-10T10:00', '2026-09-10T14:00');
    e = await w.draft('2026-09-10T16:00', '2026-09-10T17:00');
    await w.publish(d);
    await w.publish(e);
    await currentBid(w, d, `supplier@${w.slug}.demo`);
    const before = (await w.mailsTo(`supplier@${w.slug}.demo`)).length;

    w.setClock(SEOUL('2026-09-10T10:45'));
    const staff = await operator(w);
    const form = await staff.get(`/platform/outages?tenant=${w.slug}&lng=en`).expect(200);
    const window = { tenant: w.slug, from: '2026-09-10T09:00', to: '2026-09-10T10:30', reason: 'Power failure' };
    const wrong = await staff
      .post('/platform/outages?lng=en')
      .type('form')
      .send({ ...window, _csrf: csrfFrom(form.text), to: '2026-09-10T08:00' })
      .expect(422);
    assert.match(wrong.text, /must be after its beginning/);
    const recorded = await staff
      .post('/platform/outages?lng=en')
      .type('form')
      .send({ ...window, _csrf: csrfFrom(form.text) })
      .expect(200);
    assert.match(recorded.text, /Notices extended: 1/);

    // outage-extension: 1 working day after the end of the outage, at the deadline's time of day.
    const extended = await w.notice(d);
    assert.equal(extended.submission_deadline.toISOString(), SEOUL('2026-09-11T10:00'));
    assert.equal(extended.opening_at.toISOString(), SEOUL('2026-09-11T14:00'));
    assert.match(extended.notice_no, /-001$/);
    const untouched = await w.notice(e);
    assert.equal(untouched.submission_deadline.toISOString(), SEOUL('2026-09-10T16:00'));
    assert.equal(untouched.revision, 0);
    const mails = await w.mailsTo(`supplier@${w.slug}.demo`);
    assert.equal(mails.length, before + 1);
    assert.ok(mails.some((m) => m.subject.includes(extended.notice_no)));
    const page = await request(w.app).get(`/t/${w.slug}/notices/${d}?lng=en`).expect(200);
    assert.match(page.text, /The system was unavailable from/);
    assert.match(page.text, /outage-extension v1/);

    // Again, from the desk and from the operator's CLI: nothing changes.
    const again = await staff
      .post('/platform/outages?lng=en')
      .type('form')
      .send({ ...window, _csrf: csrfFrom(form.text) })
      .expect(200);
    assert.match(again.text, /already recorded; nothing changed/);
    const outage = (from: string) =>
      runCli(['outage', w.slug, '--from', from, '--to', SEOUL('2026-09-10T10:30'), '--reason', 'Power failure']);
    const cli = await outage(SEOUL('2026-09-10T09:00'));
    assert.equal(cli.code, 0, cli.err);
    assert.match(cli.out, /already recorded[\s\S]*0 notices extended/);
    assert.equal((await w.notice(d)).submission_deadline.toISOString(), SEOUL('2026-09-11T10:00'));
    const count = await w.query((tx) => tx('notice_addenda').where({ notice_id: d }).count<{ count: string }[]>());
    assert.equal(Number(count[0]!.count), 1);
    const outageEntries = await w.query((tx) =>
      tx('audit_entries')
        .whereIn('action', ['outage.recorded', 'notice.outage-extended'])
        .pluck<string[]>('actor_type'),
    );
    assert.deepEqual(outageEntries, ['platform', 'platform']);
    const refused = await outage('yesterday');
    assert.equal(refused.code, 1);
    assert.match(refused.err, /Invalid --from/);
  });

  it('declares a policy on every outage route and keeps the page from anyone but operators', async () => {
    const services = await w.platform.services();
    const router = outagePages(services, csrfProtection('x'.repeat(32), false));
    const layers = router.stack as unknown as { route?: { stack: { handle: { policy?: string } }[] } }[];
    for (const layer of layers.filter((l) => l.route))
      assert.ok(layer.route!.stack.some((s) => s.handle.policy === 'staff:desk'));
    const res = await request(w.app).get('/platform/outages').expect(302);
    assert.equal(res.headers.location, '/platform/login');
  });
});
