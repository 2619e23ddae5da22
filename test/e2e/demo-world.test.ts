import assert from 'node:assert/strict';
import request from 'supertest';
import { buildDemoWorld } from '../../server/demo-world/build.js';
import { demoWorldTenants } from '../../server/demo-world/progress.js';
import type { Services } from '../../server/services.js';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import { testPlatform, type TestPlatform } from '../support/platform.js';

interface Listed {
  title: string;
  status: string;
  price: string;
}

/** The public notice list as it reads: title, status word and estimated price of each row. */
function listed(html: string): Listed[] {
  const rows = [...html.matchAll(/<tr>\s*<td><bdi dir="ltr">[^<]*<\/bdi><\/td>([\s\S]*?)<\/tr>/g)];
  return rows
    .map(([, row]) => {
      const cells = [...row!.matchAll(/<td>([\s\S]*?)<\/td>/g)].map(([, c]) => c!.replace(/<[^>]+>/g, '').trim());
      return { title: cells[0]!, status: cells[1]!, price: cells[3]! };
    })
    .sort((a, b) => `${a.title}${a.status}`.localeCompare(`${b.title}${b.status}`));
}

const EXPECTED: [string, string][] = [
  ['Cleaning services for the ministry building', 'Failed'],
  ['Cleaning services for the ministry building', 'Open for bids'],
  ['Digital X-ray units for Erbil hospitals', '(pre-specification)'],
  ['Disposable medical supplies for health centres', 'Under contract'],
  ['Fuel supply for ministry vehicles', 'Awarded'],
  ['Laptop computers for the planning directorate', 'In evaluation'],
  ['Maintenance of the Bastora village road', 'Under contract'],
  ['Office furniture for the Ministry of Planning', 'Open for bids'],
  ['Printers and paper for government offices', 'Under contract'],
];

describe('the demo world', function () {
  this.timeout(60_000);
  let platform: TestPlatform;
  let services: Services;
  const worlds: { slug: string; list: Listed[]; awards: string[] }[] = [];

  async function kurdistanWorld(): Promise<{ slug: string; list: Listed[]; awards: string[] }> {
    const slug = (await platform.createTenant('kurdistan', { demo: true })).slug;
    const tenant = (await platform.tenancy.resolve(slug))!;
    const outcome = await buildDemoWorld(services, tenant);
    assert.equal(outcome.built, true, JSON.stringify(outcome));
    const app = await platform.app();
    const list = listed((await request(app).get(`/t/${slug}/notices?lng=en`).expect(200)).text);
    const awards = await inTenant(tenant, (tx) => tx('awards').orderBy('amount').pluck<string[]>('amount'));
    return { slug, list, awards: awards.map(String) };
  }

  before(async () => {
    platform = await testPlatform();
    await platform.app();
    services = await platform.services();
    worlds.push(await kurdistanWorld());
  });
  after(() => platform.close());

  it('shows its notices in every state on the public list, and the disclosure on its own page', async () => {
    const [world] = worlds;
    const app = await platform.app();
    const disclosures = await request(app).get(`/t/${world!.slug}/pre-specifications?lng=en`).expect(200);
    assert.match(disclosures.text, /Digital X-ray units for Erbil hospitals/);
    const shown = [
      ...world!.list.map((n): [string, string] => [n.title, n.status]),
      [EXPECTED[2]![0], EXPECTED[2]![1]],
    ];
    assert.deepEqual(
      shown.sort((a, b) => `${a[0]}${a[1]}`.localeCompare(`${b[0]}${b[1]}`)),
      EXPECTED,
    );
    const home = await request(app).get(`/t/${world!.slug}/?lng=en`).expect(200);
    assert.doesNotMatch(home.text, /still being built/);
  });

  it('leaves the audit entries the services write for each step of each notice', async () => {
    const tenant = (await platform.tenancy.resolve(worlds[0]!.slug))!;
    const trail = await inTenant(tenant, async (tx) => {
      const notices = await tx('notices').select<{ id: string; title: { en: string }; status_details: string }[]>(
        'id',
        'title',
        'status_details',
      );
      const entries = await tx('audit_entries').select<{ action: string; target_id: string | null }[]>(
        'action',
        'target_id',
      );
      return notices.map((n) => ({
        title: n.title.en,
        details: n.status_details,
        actions: new Set(entries.filter((e) => e.target_id === n.id).map((e) => e.action)),
      }));
    });
    const of = (title: string, details: string) => {
      const found = trail.find((n) => n.title === title && n.details === details);
      assert.ok(found, `${title} (${details}): ${trail.map((n) => `${n.title} ${n.details}`).join('; ')}`);
      return found;
    };
    const has = (n: { actions: Set<string> }, ...actions: string[]) =>
      actions.forEach((a) => assert.ok(n.actions.has(a), `${a} missing: ${[...n.actions].join(' ')}`));
    has(
      of('Office furniture for the Ministry of Planning', 'amended'),
      'notice.drafted',
      'notice.published',
      'notice.question-asked',
      'notice.addendum-issued',
    );
    has(of('Cleaning services for the ministry building', 'retendered'), 'notice.published', 'tender.failed');
    has(of('Laptop computers for the planning directorate', 'opened'), 'notice.published', 'tender.opened');
    has(of('Fuel supply for ministry vehicles', 'award-standstill'), 'tender.opened', 'award.published');
    has(of('Printers and paper for government offices', 'awarded'), 'award.published', 'award.final');
    has(of('Digital X-ray units for Erbil hospitals', 'draft'), 'notice.drafted', 'pre-specification.opened');
    const actions = await inTenant(tenant, (tx) => tx('audit_entries').pluck<string[]>('action'));
    for (const action of [
      'contract.signed',
      'deliverable.accepted',
      'invoice.submitted',
      'invoice.paid',
      'supplier.approved',
    ])
      assert.ok(actions.includes(action), action);
    assert.equal(actions.filter((a) => a === 'contract.signed').length, 6);
  });

  it('builds the same world in another tenant, and never a second one in the same tenant', async () => {
    worlds.push(await kurdistanWorld());
    const [first, second] = worlds;
    assert.deepEqual(second!.list, first!.list);
    assert.deepEqual(second!.awards, first!.awards);
    const tenant = (await platform.tenancy.resolve(first!.slug))!;
    assert.deepEqual(await buildDemoWorld(services, tenant), { built: false, reason: 'already built' });
  });

  it('builds nothing with DEMO_DATA=false', async () => {
    assert.deepEqual(demoWorldTenants({ embedded: true, demoData: false }, ['kurdistan']), []);
    assert.deepEqual(demoWorldTenants({ embedded: false, demoData: true }, ['kurdistan']), []);
    const plain = await testPlatform({ env: { DEMO_DATA: 'false' } });
    try {
      assert.equal(plain.config.demoData, false);
      assert.deepEqual(demoWorldTenants(plain.config, ['kurdistan']), []);
      // A tenant without demo accounts (as DEMO_DATA=false provisions them) gets no world either.
      const slug = (await plain.createTenant('kurdistan', { demo: false })).slug;
      const tenant = (await plain.tenancy.resolve(slug))!;
      assert.deepEqual(await buildDemoWorld(await plain.services(), tenant), {
        built: false,
        reason: 'no demo accounts',
      });
      assert.equal(
        await inTenant(tenant, (tx) => tx('notices').count<{ count: string }[]>('* as count')).then((r) =>
          Number(r[0]!.count),
        ),
        0,
      );
    } finally {
      await plain.close();
    }
  });
});
