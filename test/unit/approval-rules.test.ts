import assert from 'node:assert/strict';
import type { Approval } from '../../server/approvals/approval.js';
import { decisionRefusal } from '../../server/approvals/rules.js';
import { tenantBasePath } from '../../server/http/origin.js';
import { requesterText } from '../../server/approvals/wording.js';
import type { TFunction } from 'i18next';
import { assertSlug } from '../../server/tenancy/slug.js';

const ADMIN = { id: '11111111-1111-4111-8111-111111111111', roles: ['tenant-admin'], agencyId: null };
const OTHER_ADMIN = { id: '22222222-2222-4222-8222-222222222222', roles: ['tenant-admin'], agencyId: null };
const TARGET = '33333333-3333-4333-8333-333333333333';

function request(overrides: Partial<Approval> = {}) {
  return {
    status: 'pending' as const,
    approverRole: 'tenant-admin' as const,
    agencyId: null as string | null,
    requestedBy: {
      type: 'platform' as const,
      id: '44444444-4444-4444-8444-444444444444',
      label: 'agent@platform.test',
    },
    targetType: 'user',
    targetId: TARGET,
    ...overrides,
  };
}

/** A translator that shows the key and its values, to see which sentence was chosen. */
const t = ((key: string, values?: Record<string, unknown>) => `${key} ${JSON.stringify(values ?? {})}`) as TFunction;

describe('who may decide an approval', () => {
  it('lets a holder of the named role decide a pending request made by someone else', () => {
    assert.equal(decisionRefusal(request(), ADMIN), null);
  });

  it('never lets a user decide the request they made themselves', () => {
    const own = request({ requestedBy: { type: 'user', id: ADMIN.id, label: 'admin@example.org' } });
    assert.equal(decisionRefusal(own, ADMIN), 'own-request');
    assert.equal(decisionRefusal(own, OTHER_ADMIN), null, 'another administrator may');
  });

  it('does not mistake a platform agent for a tenant user with the same id', () => {
    const byAgent = request({ requestedBy: { type: 'platform', id: ADMIN.id, label: 'agent@platform.test' } });
    assert.equal(decisionRefusal(byAgent, ADMIN), null);
  });

  it('never lets a person decide a change to their own account', () => {
    assert.equal(decisionRefusal(request({ targetId: ADMIN.id }), ADMIN), 'own-account');
    assert.equal(decisionRefusal(request({ targetType: 'supplier', targetId: ADMIN.id }), ADMIN), null);
  });

  it('refuses a reader without the role before saying anything about the request', () => {
    const officer = { id: ADMIN.id, roles: ['officer'], agencyId: null };
    assert.equal(decisionRefusal(request({ status: 'approved' }), officer), 'not-approver');
  });

  it('refuses to decide twice', () => {
    assert.equal(decisionRefusal(request({ status: 'approved' }), ADMIN), 'not-pending');
    assert.equal(decisionRefusal(request({ status: 'refused' }), ADMIN), 'not-pending');
    assert.equal(decisionRefusal(request({ status: 'withdrawn' }), ADMIN), 'not-pending');
  });
});

describe('how an approval reads', () => {
  it('names platform staff as a call-center agent, by address, isolated for right-to-left pages', () => {
    const text = requesterText(t, { type: 'platform', id: 'x', label: 'agent@platform.test' });
    assert.match(text, /^approvals:requested_by_platform /);
    assert.match(text, /\u2068agent@platform\.test\u2069/);
  });

  it('names a tenant user by name, else by address', () => {
    const user = { type: 'user' as const, id: 'x', label: 'nguyen@example.vn' };
    assert.equal(requesterText(t, user, 'Nguyễn Văn A'), '\u2068Nguyễn Văn A\u2069');
    assert.equal(requesterText(t, user, null), '\u2068nguyen@example.vn\u2069');
  });

  it('links to a partner under /t and to a training sandbox under /s', () => {
    assert.equal(tenantBasePath({ slug: assertSlug('vietnam'), kind: 'partner' }), '/t/vietnam');
    assert.equal(tenantBasePath({ slug: assertSlug('class1'), kind: 'sandbox' }), '/s/class1');
  });
});
