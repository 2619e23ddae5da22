/** What every `npm run tenants` command runs in: a platform booted for it and closed after, and a line printer. */
import { bootPlatform, type Platform } from '../bootstrap.js';

export const out = (line: string) => process.stdout.write(`${line}\n`);

export async function withPlatform<T>(work: (platform: Platform) => Promise<T>): Promise<T> {
  const platform = await bootPlatform({ env: { LOG_LEVEL: 'warn', ...process.env } });
  try {
    return await work(platform);
  } finally {
    await platform.close();
  }
}
