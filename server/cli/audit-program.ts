/** `npm run audit -- verify <slug>`: re-verifies a tenant's audit chain and names the first broken link. */
import { Command, CommanderError } from 'commander';
import { bootPlatform } from '../bootstrap.js';
import { sealTenant } from '../audit/sealer.js';
import { verifyAuditChain } from '../audit/verify.js';

const out = (line: string) => process.stdout.write(`${line}\n`);

export async function runAuditCli(argv: string[]): Promise<number> {
  let code = 0;
  const program = new Command('audit').description("Check a tenant's tamper-evident audit trail").exitOverride();
  program
    .command('verify <slug>')
    .description('verify every entry, block and link of the chain')
    .option('--seal', 'seal pending entries first')
    .action(async (slug: string, options: { seal?: boolean }) => {
      const platform = await bootPlatform({ env: { LOG_LEVEL: 'warn', ...process.env } });
      try {
        const tenant = await platform.tenancy.resolve(slug);
        if (!tenant) {
          process.stderr.write(`No tenant "${slug}"\n`);
          code = 1;
          return;
        }
        if (options.seal) await sealTenant(tenant, { full: true });
        const report = await verifyAuditChain(tenant);
        if (report.valid) {
          out(`valid: ${report.blocks} blocks, ${report.entries} entries sealed, ${report.unsealed} awaiting sealing`);
        } else {
          const b = report.broken!;
          out(`BROKEN at block ${b.blockNo}${b.seq !== undefined ? `, entry ${b.seq}` : ''}: ${b.reason}`);
          out(`(${report.entries} entries in the ${b.blockNo - 1} blocks before it verified)`);
          code = 2;
        }
      } finally {
        await platform.close();
      }
    });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    process.stderr.write(`audit: ${(error as Error).message}\n`);
    return 1;
  }
}
