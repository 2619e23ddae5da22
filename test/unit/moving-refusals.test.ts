/**
 * A write meeting a tenant being moved is a 503 with Retry-After, wherever it came from: a request
 * into the tenant, or a platform page (the call-center console auditing a look) into its
 * read-only transaction. A lock wait running out elsewhere stays what it is.
 */
import assert from 'node:assert/strict';
import type { Request } from 'express';
import { refusedWhileMoving } from '../../server/http/error-handler.js';
import { TenantMovingError } from '../../server/http/errors.js';

const pgError = (code: string) => Object.assign(new Error(code), { code });
const into = (moving: boolean) =>
  ({ tenant: { slug: 'vietnam', ...(moving ? { moving: { since: new Date(), to: 'primary' } } : {}) } }) as Pick<
    Request,
    'tenant'
  >;

describe('a write meeting a tenant being moved', () => {
  it('answers a read-only refusal as the move, with the tenant when the request is in it', () => {
    const inTenant = refusedWhileMoving(pgError('25006'), into(true));
    assert.ok(inTenant instanceof TenantMovingError);
    assert.equal(inTenant.status, 503);
    assert.equal(inTenant.retryAfterSeconds, 30);
    assert.deepEqual(inTenant.params, { slug: 'vietnam' });
    const fromPlatform = refusedWhileMoving(pgError('25006'), {});
    assert.ok(fromPlatform instanceof TenantMovingError);
    assert.deepEqual(fromPlatform.params, {});
  });

  it('answers a lock wait that ran out as the move only inside a moving tenant', () => {
    assert.ok(refusedWhileMoving(pgError('55P03'), into(true)) instanceof TenantMovingError);
    assert.equal(refusedWhileMoving(pgError('55P03'), into(false)), undefined);
    assert.equal(refusedWhileMoving(pgError('55P03'), {}), undefined);
    assert.equal(refusedWhileMoving(pgError('23505'), into(true)), undefined);
  });
});
