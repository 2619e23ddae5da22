/**
 * Delivering one e-mail twice sends the same message: a worker killed after the message went out
 * but before `sent_at` committed runs the job again (issue 22, scenario 3). In the kept outbox
 * that leaves one file, not two; the Message-ID is the e-mail's own either way.
 */
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { deliverEmail } from '../../server/mail/delivery.js';
import type { Services } from '../../server/services.js';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import type { TenantHandle } from '../../server/tenancy/tenant-handle.js';
import { testPlatform, type TestPlatform } from '../support/platform.js';

describe('e-mail delivery run again after a crash', () => {
  let platform: TestPlatform;
  let services: Services;
  let tenant: TenantHandle;

  before(async () => {
    platform = await testPlatform();
    services = await platform.services();
    tenant = (await platform.tenancy.resolve((await platform.createTenant('kurdistan')).slug))!;
  });
  after(() => platform.close());

  it('keeps one .eml per e-mail with its own Message-ID when the sent mark was lost', async () => {
    const id = await inTenant(tenant, async (tx) => {
      const [row] = await tx('outbound_emails')
        .insert({ recipient: 'bidder@example.org', locale: 'en', subject: 'Tender opened', body_text: 'Hello' })
        .returning<{ id: string }[]>('id');
      return row!.id;
    });
    const deliver = () => deliverEmail(tenant, id, services.mailTransport, services.delivery);
    assert.equal(await deliver(), 'sent');
    const dir = path.join(services.delivery.outboxDir, tenant.slug);
    const first = (await readdir(dir)).filter((f) => f.includes(id));
    // The commit of `sent_at` lost, as when the process died just before it.
    await inTenant(tenant, (tx) => tx('outbound_emails').where({ id }).update({ sent_at: null }));
    assert.equal(await deliver(), 'sent');
    const files = (await readdir(dir)).filter((f) => f.includes(id));
    assert.deepEqual(files, first);
    assert.equal(files.length, 1);
    const message = await readFile(path.join(dir, files[0]!), 'utf8');
    assert.match(message, new RegExp(`^Message-ID: <${id}@koneps\\.localhost>$`, 'm'));
    assert.equal(await deliver(), 'already-sent');
  });
});
