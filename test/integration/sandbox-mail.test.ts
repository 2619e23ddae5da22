/**
 * A training sandbox's e-mail never leaves it: with SMTP_URL set to a server that refuses every
 * connection, a partner's message fails, while the sandbox's is written to its outbox as an .eml.
 */
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { deliverEmail } from '../../server/mail/delivery.js';
import type { Services } from '../../server/services.js';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import type { TenantHandle } from '../../server/tenancy/tenant-handle.js';
import { testPlatform, uniqueSlug, type TestPlatform } from '../support/platform.js';
import { testSandbox } from '../support/sandbox.js';

describe('e-mail of a training sandbox', () => {
  let platform: TestPlatform;
  let services: Services;
  let partner: TenantHandle;
  let sandbox: TenantHandle;

  /** A queued message, written directly: no delivery job races the one this test runs. */
  const queued = (tenant: TenantHandle, subject: string) =>
    inTenant(tenant, async (tx) => {
      const [row] = await tx('outbound_emails')
        .insert({ recipient: 'someone@example.org', locale: 'en', subject, body_text: 'Hello' })
        .returning<{ id: string }[]>('id');
      return row!.id;
    });
  const row = (tenant: TenantHandle, id: string) =>
    inTenant(tenant, (tx) =>
      tx('outbound_emails')
        .where({ id })
        .first<{ sent_at: Date | null; attempts: number; last_error: string | null }>(),
    );

  before(async () => {
    // Nothing listens on port 1: any SMTP attempt fails at once.
    platform = await testPlatform({ env: { SMTP_URL: 'smtp://127.0.0.1:1' } });
    services = await platform.services();
    partner = (await platform.tenancy.resolve((await platform.createTenant('kurdistan')).slug))!;
    const slug = uniqueSlug('sbx');
    await testSandbox(services, slug);
    sandbox = (await platform.tenancy.resolve(slug))!;
  });
  after(() => platform.close());

  it("tries a partner's message over SMTP, which fails", async () => {
    const id = await queued(partner, 'Partner notice');
    await assert.rejects(deliverEmail(partner, id, services.mailTransport, services.delivery));
    assert.equal((await row(partner, id))?.sent_at, null);
  });

  it("keeps a sandbox's message as an .eml in its outbox and marks it sent, without trying SMTP", async () => {
    const id = await queued(sandbox, 'Sandbox notice');
    assert.equal(await deliverEmail(sandbox, id, services.mailTransport, services.delivery), 'sent');
    const after = await row(sandbox, id);
    assert.ok(after?.sent_at, 'marked sent');
    assert.equal(after.last_error, null);
    const dir = path.join(services.delivery.outboxDir, sandbox.slug);
    const files = (await readdir(dir)).filter((f) => f.endsWith(`-${id}.eml`));
    assert.equal(files.length, 1);
    assert.match(await readFile(path.join(dir, files[0]!), 'utf8'), /^Subject: Sandbox notice$/m);
    assert.equal(await deliverEmail(sandbox, id, services.mailTransport, services.delivery), 'already-sent');
  });
});
