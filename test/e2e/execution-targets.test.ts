import assert from 'node:assert/strict';
import request from 'supertest';
import { issueApiToken } from '../../server/identity/api-tokens.js';
import { JOB_TYPES } from '../../server/jobs/catalog.js';
import { jobHandlers } from '../../server/job-registry.js';
import type { JobContext } from '../../server/jobs/runner.js';
import { WEEKLY } from '../../server/jobs/schedules.js';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import { buildTenant, type TenderWorld } from '../support/factories.js';
import { publishedNotice } from '../support/tender.js';
import { csrfFrom, signIn, type Agent } from '../support/session.js';

/**
 * Two agencies of a korea tenant in fiscal year 2027: the demo agency (DEMO) orders a quarter of
 * its plan early in March; a roads agency (ROADS) has ordered nothing.
 */
describe('budget execution targets', () => {
  let world: TenderWorld;
  let admin: Agent;
  let officer: Agent;
  let roads: { id: string };
  const base = () => `/t/${world.slug}`;
  const mails = (to: string) =>
    inTenant(world.tenant, (tx) =>
      tx('outbound_emails')
        .where({ recipient: to })
        .orderBy('created_at')
        .select<{ subject: string; body_text: string; locale: string }[]>(),
    );
  const runJob = async () => {
    const job = jobHandlers(await world.platform.services())['execution-target-warnings'];
    return job({ tenant: world.tenant, lateByMs: 0, job: {} as JobContext['job'] });
  };
  const plan = async (auth: Record<string, string>, title: string, budget: number) => {
    const created = await request(world.app).post(`${base()}/api/v1/plans`).set(auth).send({
      title_ko: title,
      fiscalYear: 2027,
      category: 'goods',
      estimatedBudget: budget,
      quarter: 2,
      method: 'open',
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    await request(world.app)
      .post(`${base()}/api/v1/plans/${created.body.id as string}/publish`)
      .set(auth)
      .expect(204);
    return created.body.id as string;
  };
  const setTarget = async (fields: Record<string, string>) => {
    const page = await admin.get(`${base()}/admin/targets?lng=en`).expect(200);
    return admin
      .post(`${base()}/admin/targets?lng=en`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), ...fields });
  };
  const section = (html: string, code: string) => {
    const start = html.indexOf(`data-agency="${code}"`);
    assert.ok(start >= 0, `a section for ${code}`);
    return html.slice(start, html.indexOf('</article>', start));
  };

  before(async () => {
    // Monday 1 March 2027, 10:00 in Seoul.
    world = await buildTenant('korea', { at: '2027-03-01T01:00:00Z' });
    const roadsOfficers = await inTenant(world.tenant, async (tx) => {
      roads = (
        await tx('agencies')
          .insert({ code: 'ROADS', name: JSON.stringify({ ko: '도로청', en: 'Roads Agency' }) })
          .returning<{ id: string }[]>('id')
      )[0]!;
      const demo = await tx('users')
        .where({ email: `officer@${world.slug}.demo` })
        .first<{ password_hash: string; totp_secret_sealed: string; totp_enabled_at: Date }>(
          'password_hash',
          'totp_secret_sealed',
          'totp_enabled_at',
        );
      const people = [
        { email: `roads-en@${world.slug}.demo`, display_name: 'Road Officer', locale: 'en' },
        { email: `roads-ko@${world.slug}.demo`, display_name: '도로 담당관', locale: 'ko' },
      ];
      return tx('users')
        .insert(
          // Staff sign in with a second factor: theirs is the demo officer's.
          people.map((p) => ({ ...p, roles: ['officer'], agency_id: roads.id, ...demo })),
        )
        .returning<{ id: string }[]>('id');
    });
    const roadsAuth = await inTenant(world.tenant, async (tx) => ({
      Authorization: `Bearer ${(await issueApiToken(tx, roadsOfficers[0]!.id)).token}`,
    }));
    const ordered = await plan(world.officer, '사무용 가구 구매', 160_000_000);
    await plan(world.officer, '복사기 구매', 160_000_000);
    await plan(roadsAuth, '도로 보수 자재', 400_000_000);
    await publishedNotice(world, {
      planEntryId: ordered,
      title_ko: '사무용 가구 구매',
      estimatedPrice: 80_000_000,
      baseAmount: 80_000_000,
      submissionDeadline: '2027-03-29T10:00',
      openingAt: '2027-03-29T11:00',
    });
    admin = await signIn(world.app, world.slug, `tenant-admin@${world.slug}.demo`);
    officer = await signIn(world.app, world.slug, `officer@${world.slug}.demo`);
  });
  after(() => world.platform.close());

  it('lets only the tenant admin set targets', async () => {
    await officer.get(`${base()}/admin/targets?lng=en`).expect(403);
    const work = await officer.get(`${base()}/work?lng=en`).expect(200);
    await officer
      .post(`${base()}/admin/targets?lng=en`)
      .type('form')
      .send({ _csrf: csrfFrom(work.text), agencyId: roads.id, fiscalYear: '2027', dueOn: '2027-03-31', percent: '30' })
      .expect(403);
  });

  it('shows a refused target form again with its messages and what was typed', async () => {
    const res = await setTarget({ agencyId: roads.id, fiscalYear: '2027', dueOn: 'end of March', percent: 'lots' });
    assert.equal(res.status, 422);
    assert.match(res.text, /Enter a date, for example 2026-06-30\./);
    assert.match(res.text, /Enter a percentage in figures, for example 60\./);
    assert.match(res.text, /value="lots"/);
    const over = await setTarget({ agencyId: roads.id, fiscalYear: '2027', dueOn: '2027-03-31', percent: '120' });
    assert.equal(over.status, 422);
    assert.match(over.text, /Enter a percentage above 0 and at most 100\./);
    const nobody = await setTarget({ agencyId: '', fiscalYear: '2027', dueOn: '2027-03-31', percent: '30' });
    assert.equal(nobody.status, 422);
    assert.match(nobody.text, /Choose one of the agencies\./);
  });

  it('sets an agency target as a new version each time, in the audit trail', async () => {
    await setTarget({ agencyId: roads.id, fiscalYear: '2027', dueOn: '2027-03-31', percent: '25' }).then((r) =>
      assert.equal(r.status, 303),
    );
    await setTarget({ agencyId: roads.id, fiscalYear: '2027', dueOn: '2027-03-31', percent: '30' }).then((r) =>
      assert.equal(r.status, 303),
    );
    const page = await admin.get(`${base()}/admin/targets?year=2027&lng=en`).expect(200);
    assert.match(page.text, /Agency target of March 31, 2027, version 2/);
    assert.doesNotMatch(page.text, /Agency target of March 31, 2027, version 1/);
    assert.match(page.text, /30%/);
    assert.match(page.text, /60% by June 30, 2027 \(Budget execution targets \(version 1\)\)/);
    const entries = await inTenant(world.tenant, (tx) =>
      tx('audit_entries')
        .where({ action: 'execution-target.set', target_id: roads.id })
        .orderBy('seq')
        .select('summary'),
    );
    assert.equal(entries.length, 2);
    // The tenant's default is a rule like the others, on the rules page in words.
    const rules = await admin.get(`${base()}/rules?lng=en`).expect(200);
    assert.match(rules.text, /Share of the planned value ordered: 60% by June 30/);
  });

  it('shows each agency against its target as of a chosen date, with a chart and what is still to order', async () => {
    const page = await request(world.app).get(`${base()}/plans/execution?year=2027&asOf=2027-03-01&lng=en`).expect(200);
    assert.match(page.text, /<svg[^>]*role="img"/);
    const demo = section(page.text, 'DEMO');
    assert.match(demo, /data-status="on-track"/);
    assert.match(demo, /On track: 25% ordered on March 1, 2027/);
    assert.match(demo, /Rule: Budget execution targets \(version 1\)/);
    assert.match(demo, /복사기 구매/);
    assert.doesNotMatch(demo, /사무용 가구 구매/);
    const roadsSection = section(page.text, 'ROADS');
    assert.match(roadsSection, /Behind: 0% ordered on March 1, 2027/);
    assert.match(roadsSection, /Agency target of March 31, 2027, version 2/);
    assert.match(roadsSection, /도로 보수 자재/);
    // The day before the notice was published, DEMO had ordered nothing.
    const before = await request(world.app)
      .get(`${base()}/plans/execution?year=2027&asOf=2027-02-27&lng=en`)
      .expect(200);
    assert.match(section(before.text, 'DEMO'), /0% ordered on February 27, 2027/);
    assert.match(section(before.text, 'DEMO'), /사무용 가구 구매/);
    // In the tenant's own language by default.
    const korean = await request(world.app).get(`${base()}/plans/execution?year=2027&asOf=2027-03-01`).expect(200);
    assert.match(section(korean.text, 'ROADS'), /부진: 2027년 3월 1일 기준 0% 발주/);
  });

  it("e-mails the behind agency's officers in their language once a week, and nobody at the agency on track", async () => {
    assert.equal(JOB_TYPES['execution-target-warnings'].queue, 'notifications');
    assert.ok(WEEKLY.some((s) => s.name === 'execution-target-warnings'));
    assert.deepEqual(await runJob(), { agencies: 2, warned: 1, emails: 2 });
    assert.deepEqual(await runJob(), { agencies: 2, warned: 0, emails: 0 });
    const [english] = await mails(`roads-en@${world.slug}.demo`);
    assert.equal(english?.subject, 'Roads Agency is behind its budget execution target');
    assert.match(english.body_text, /Its target is 30% by March 31, 2027/);
    assert.match(english.body_text, /Target cited: Agency target of March 31, 2027, version 2\./);
    const [korean] = await mails(`roads-ko@${world.slug}.demo`);
    assert.equal(korean?.subject, '도로청의 예산 집행 목표 대비 실적이 부진합니다');
    assert.deepEqual(await mails(`officer@${world.slug}.demo`), []);
    const warned = await inTenant(world.tenant, (tx) =>
      tx('audit_entries').where({ action: 'execution-target.warned' }).select('summary'),
    );
    assert.equal(warned.length, 1);
    assert.deepEqual((warned[0]!.summary as { appliedRules: string[] }).appliedRules, [
      'execution-target ROADS 2027-03-31 v2',
    ]);
  });

  it('calls one target met and another missed once the clock has passed their dates', async () => {
    await setTarget({ agencyId: await demoAgency(), fiscalYear: '2027', dueOn: '2027-06-30', percent: '20' }).then(
      (r) => assert.equal(r.status, 303),
    );
    await world.setClock('2027-07-01T01:00:00Z');
    const page = await request(world.app).get(`${base()}/plans/execution?year=2027&lng=en`).expect(200);
    assert.match(page.text, /value="2027-07-01"/);
    assert.match(section(page.text, 'DEMO'), /data-status="met"/);
    assert.match(section(page.text, 'DEMO'), /Target met: 25% ordered, the target is 20% by June 30, 2027\./);
    assert.match(section(page.text, 'ROADS'), /data-status="missed"/);
    assert.match(section(page.text, 'ROADS'), /Target missed: 0% ordered, the target was 30% by March 31, 2027\./);

    // The officer's work page: their agency only, today by default or as of a date they choose.
    const work = await officer.get(`${base()}/work?lng=en`).expect(200);
    assert.match(work.text, /id="targets-as-of"[^>]*value="2027-07-01"/);
    assert.match(section(work.text, 'DEMO'), /Target met/);
    assert.doesNotMatch(work.text, /data-agency="ROADS"/);
    assert.match(work.text, /<svg[^>]*role="img"/);
    const earlier = await officer.get(`${base()}/work?asOf=2027-02-27&lng=en`).expect(200);
    assert.match(section(earlier.text, 'DEMO'), /Behind: 0% ordered on February 27, 2027/);
    // A date the field cannot hold is ignored, not refused.
    await officer.get(`${base()}/work?asOf=soon&lng=en`).expect(200);
  });

  async function demoAgency(): Promise<string> {
    return inTenant(
      world.tenant,
      async (tx) => (await tx('agencies').where({ code: 'DEMO' }).first<{ id: string }>('id')).id,
    );
  }
});
