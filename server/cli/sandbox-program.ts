/** `npm run tenants -- sandbox-*`: their options and help; the work is in sandbox-commands.ts. */
import type { Command } from 'commander';
import { DEFAULT_SANDBOX_DAYS } from '../sandbox/service.js';
import {
  createSandboxFromCli,
  moveClockFromCli,
  resetFromCli,
  type ClockOptions,
  type CreateOptions,
} from './sandbox-commands.js';
import { out, withPlatform } from './with-platform.js';

/** Training sandboxes (server/cli/sandbox-commands.ts). */
export function sandboxCommands(program: Command): void {
  program
    .command('sandbox-create <slug>')
    .description("create a training sandbox from a partner's config; prints the trainees' sign-in names and passwords")
    .requiredOption('--from <template>', 'the partner whose config the sandbox is made from')
    .option('--trainees <n>', 'number of trainees (1 to 60)', '12')
    .option('--languages <list>', "comma-separated languages taught (default: all of the template's)")
    .option('--days <n>', 'days until it expires and is dropped (1 to 90)', String(DEFAULT_SANDBOX_DAYS))
    .option('--scenario <id>', 'a scenario of tenants/scenarios/ to set up for the class')
    .action(async (slug: string, options: CreateOptions) =>
      withPlatform(async (platform) => {
        for (const line of await createSandboxFromCli(platform, slug, options)) out(line);
      }),
    );

  program
    .command('sandbox-clock <slug>')
    .description("move a training sandbox's clock forward (one of --by, --to, --deadline, --opening)")
    .option('--by <duration>', 'a duration such as 3d, 12h or 90m')
    .option('--to <iso>', 'an ISO 8601 date-time')
    .option('--deadline <noticeId>', "to 5 minutes before a notice's submission deadline")
    .option('--opening <noticeId>', "to a notice's opening")
    .action(async (slug: string, options: ClockOptions) =>
      withPlatform(async (platform) => {
        for (const line of await moveClockFromCli(platform, slug, options)) out(line);
      }),
    );

  program
    .command('sandbox-reset <slug>')
    .description('put a training sandbox back as it was made (its data, its clock); trainee passwords stay')
    .action(async (slug: string) =>
      withPlatform(async (platform) => {
        for (const line of await resetFromCli(platform, slug)) out(line);
      }),
    );
}
