/**
 * Runs an npm script (`npm run audit -- …`) as an operator's shell would, in its own process on the
 * test database, and reports the exit status the shell sees.
 */
import { spawn } from 'node:child_process';
import pg from 'pg';
import { testDatabaseUrl } from './platform.js';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run --silent <script> -- <args>` with `env` (a testEnv()) and nothing else of ours. */
export function npmRun(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', script, '--', ...args], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Runs SQL in one tenant schema as the database superuser (TEST_ADMIN_URL), the way someone with
 * full database access would: the application's own role is not what is being tested.
 */
export async function asSuperuser<T>(schema: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const url = new URL(process.env.TEST_ADMIN_URL!);
  url.pathname = new URL(testDatabaseUrl()).pathname;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(`set search_path to "${schema.replace(/"/g, '')}"`);
    return await work(client);
  } finally {
    await client.end();
  }
}
