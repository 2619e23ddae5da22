/**
 * Which errors mean "the database could not be used" (503) and which stay what they are. The
 * shapes are those node-postgres, knex and Node's sockets produce; postgres-outage.test.ts meets
 * the real ones against a server it stops.
 */
import assert from 'node:assert/strict';
import { exhaustion, unavailability } from '../../server/db/unavailable.js';

const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('telling a database outage from a failed query', () => {
  it('reads the SQLSTATE of a full, restarting or shut-down server', () => {
    assert.equal(unavailability(pgError('53300', 'sorry, too many clients already')), 'too many connections');
    assert.equal(
      unavailability(pgError('57P03', 'the database system is starting up')),
      'shutting down or starting up',
    );
    assert.equal(
      unavailability(pgError('57P01', 'terminating connection due to administrator command')),
      'shutting down or starting up',
    );
  });

  it('reads refused connections, also when every address of a host refused (AggregateError)', () => {
    assert.equal(unavailability(pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')), 'connection refused');
    const both = new AggregateError([pgError('ECONNREFUSED', '::1'), pgError('ECONNREFUSED', '127.0.0.1')], '');
    assert.equal(unavailability(both), 'connection refused');
  });

  it('reads a connection that ended under a statement, with the statement knex puts in front', () => {
    const cut = new Error('COMMIT; - Client has encountered a connection error and is not queryable');
    assert.equal(unavailability(cut), 'connection lost');
    assert.equal(unavailability(new Error('Connection terminated unexpectedly')), 'connection lost');
    assert.equal(unavailability(new Error('wrapped', { cause: pgError('ECONNRESET', 'read') })), 'connection lost');
  });

  it('leaves every other error alone', () => {
    assert.equal(unavailability(pgError('23505', 'duplicate key value violates unique constraint')), undefined);
    assert.equal(unavailability(pgError('42P01', 'relation "bids" does not exist')), undefined);
    assert.equal(unavailability(new TypeError('x is undefined')), undefined);
    assert.equal(unavailability(undefined), undefined);
  });

  it('tells a server out of disk or memory apart, which is not an outage', () => {
    const full = pgError('53100', 'could not extend file "base/16384/16500": No space left on device');
    assert.equal(exhaustion(full), 'disk full');
    assert.equal(unavailability(full), undefined);
    assert.equal(exhaustion(new Error('insert failed', { cause: full })), 'disk full');
    assert.equal(exhaustion(pgError('ENOSPC', 'no space left on device, write')), 'disk full');
    assert.equal(exhaustion(pgError('53200', 'out of memory')), 'out of memory');
    assert.equal(exhaustion(pgError('23505', 'duplicate key value violates unique constraint')), undefined);
    assert.equal(exhaustion(undefined), undefined);
  });
});
