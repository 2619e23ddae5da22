/**
 * A failed query's error gets logged (http/error-handler.ts, the jobs), so its message must hold
 * the SQL without the values bound to it: those can be token hashes, password hashes or personal data.
 */
import assert from 'node:assert/strict';
import { connect } from '../../server/db/databases.js';
import { testDatabaseUrl } from '../support/platform.js';

describe('query errors', () => {
  it('name the placeholders of a failed query, never its bound values, even beside a jsonb ? operator', async () => {
    const pool = connect(testDatabaseUrl(), { max: 1 });
    try {
      const error = await pool
        .raw(`select '{"a":1}'::jsonb \\? 'a' from no_such_table where secret = ?`, ['bound-secret-value'])
        .then(
          () => assert.fail('the query should fail'),
          (failure: Error) => failure,
        );
      assert.match(error.message, /relation "no_such_table" does not exist/);
      assert.match(error.message, /secret = \$1/);
      assert.doesNotMatch(error.message, /bound-secret-value/);
    } finally {
      await pool.destroy();
    }
  });
});
