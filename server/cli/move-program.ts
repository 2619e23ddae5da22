/** `npm run tenants -- move`: its options and help; the work is in move-command.ts. */
import type { Command } from 'commander';
import { ProvisioningError } from '../tenancy/provisioning.js';
import { moveFromCli, type MoveCliOptions } from './move-command.js';
import { out, withPlatform } from './with-platform.js';

/** Moving a tenant to another database server (server/cli/move-command.ts). */
export function moveCommands(program: Command): void {
  program
    .command('move <slug>')
    .description(
      'move a tenant to another database server: a read-only window of about a minute (writes answer 503), ' +
        'export, restore, verify row counts and the audit chain, switch the registry, resume. ' +
        "The registry's placement wins over the placement in tenants/<slug>.yaml, which is read only at creation",
    )
    .option('--to <placement>', "'primary', or the variable naming the target database (e.g. SECOND_DATABASE_URL)")
    .option('--cancel', 'end the read-only window of a move whose process was stopped half-way')
    .option(
      '--even-near-deadline',
      'move even when a notice closes or opens within 30 minutes (the window refuses its bids meanwhile)',
    )
    .action(async (slug: string, options: MoveCliOptions) =>
      withPlatform(async (platform) => {
        if (!options.to === !options.cancel)
          throw new ProvisioningError('give either --to <placement> or --cancel; nothing changed');
        await moveFromCli(platform, slug, options, out);
      }),
    );
}
