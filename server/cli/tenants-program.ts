/**
 * `npm run tenants -- <command>`: the operator's provisioning tool. Works in both modes: against
 * DATABASE_URL, or against the embedded server (joining the one `npm start` runs, if it does).
 */
import path from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import { Command, CommanderError } from 'commander';
import type { Platform } from '../bootstrap.js';
import { ConfigError } from '../config.js';
import { tenantArchives } from '../tenancy/archive.js';
import { TenantConfigError } from '../tenancy/configs.js';
import { ProvisioningError } from '../tenancy/provisioning.js';
import { PlacementError } from '../tenancy/tenancy.js';
import { moveCommands } from './move-program.js';
import { sandboxCommands } from './sandbox-program.js';
import { out, withPlatform } from './with-platform.js';
import { recordOutageFromCli } from './outage-command.js';
import { addStaffFromCli } from './staff-command.js';
import { loadKnowledgeFromCli } from './knowledge-command.js';
import { newDataKeyFromCli, rotateFromCli } from './key-commands.js';
import { MasterKeyError } from '../crypto/tenant-keys.js';

function exportPath(platform: Platform, slug: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return path.join(platform.config.dataDir, 'exports', `${slug}-${stamp}.tar.gz`);
}

/** Create, migrate and list tenants. */
function provisioningCommands(program: Command): void {
  program
    .command('create <slug>')
    .description('create a tenant from tenants/<slug>.yaml (or --from a template): schema, migrations, seed')
    .option('--from <template>', 'copy the configuration of another tenant')
    .option('--demo', 'add demo accounts (embedded default and sandboxes only)')
    .action(async (slug: string, options: { from?: string; demo?: boolean }) =>
      withPlatform(async (platform) => {
        const demo = options.demo ?? platform.config.demoData;
        // Partner tenants in production never get accounts whose password the README publishes.
        if (demo && platform.config.env === 'production') {
          throw new ProvisioningError(
            '--demo is refused when NODE_ENV=production: demo accounts have a published password',
          );
        }
        const record = await platform.provisioning.create(slug, { from: options.from, demo });
        out(`Created tenant ${record.slug} (schema ${record.schemaName}, version ${record.migrationVersion})`);
      }),
    );

  program
    .command('migrate')
    .description('apply pending migrations to every tenant, each in its own transaction')
    .option('-c, --concurrency <n>', 'tenants migrated at once', '4')
    .action(async (options: { concurrency: string }) =>
      withPlatform(async (platform) => {
        const total = (await platform.tenancy.registry.list()).length;
        const bar = new SingleBar(
          { format: 'migrating {bar} {value}/{total} tenants', stream: process.stderr },
          Presets.shades_classic,
        );
        if (process.stderr.isTTY) bar.start(total, 0);
        const results = await platform.provisioning.migrateAll({
          concurrency: Math.max(1, Number(options.concurrency) || 4),
          onResult: () => process.stderr.isTTY && bar.increment(),
        });
        bar.stop();
        for (const r of results) {
          out(
            r.ok
              ? `ok      ${r.slug}  ${r.version ?? '-'}  (${r.applied.length} applied)`
              : `FAILED  ${r.slug}  ${r.error}`,
          );
        }
        const failed = results.filter((r) => !r.ok).length;
        out(`${results.length - failed} tenants migrated, ${failed} failed`);
        if (failed > 0) process.exitCode = 1;
      }),
    );

  program
    .command('list')
    .description('list tenants with status and migration version')
    .action(async () =>
      withPlatform(async (platform) => {
        const latest = await platform.provisioning.latest();
        const rows = await platform.tenancy.registry.list();
        out(['slug', 'status', 'migrations', 'placement', 'version'].join('\t'));
        for (const r of rows) {
          const state =
            r.migrationState === 'failed'
              ? `failed: ${r.migrationError}`
              : r.migrationVersion === latest
                ? 'current'
                : 'pending';
          // A move under way shows where to, and that the tenant is read-only meanwhile.
          const placement = `${r.placement ?? 'primary'}${r.move ? ` -> ${r.move.to} (moving, read-only)` : ''}`;
          out([r.slug, r.status, state, placement, r.migrationVersion ?? '-'].join('\t'));
        }
      }),
    );
}

/** Suspend and resume a tenant, or only its background jobs. */
function statusCommands(program: Command): void {
  for (const [name, status, verb] of [
    ['suspend', 'suspended', 'Suspended'],
    ['resume', 'active', 'Resumed'],
  ] as const) {
    program
      .command(`${name} <slug>`)
      .description(`${name} a tenant (${status})`)
      .action(async (slug: string) =>
        withPlatform(async (platform) => {
          await platform.provisioning.setStatus(slug, status);
          out(`${verb} tenant ${slug}`);
        }),
      );
  }

  for (const [name, paused, verb] of [
    ['pause-jobs', true, 'Paused the background jobs of'],
    ['resume-jobs', false, 'Resumed the background jobs of'],
  ] as const) {
    program
      .command(`${name} <slug>`)
      .description(paused ? "defer a tenant's background jobs (none is dropped)" : "run a tenant's deferred jobs again")
      .action(async (slug: string) =>
        withPlatform(async (platform) => {
          if (!(await platform.tenancy.registry.find(slug))) throw new ProvisioningError(`No tenant "${slug}"`);
          await platform.tenancy.registry.update(slug, { jobsPaused: paused });
          out(`${verb} ${slug}`);
        }),
      );
  }
}

/** Export, restore and drop (after an export) a tenant. */
function archiveCommands(program: Command): void {
  program
    .command('export <slug>')
    .description('write a portable archive of one tenant (no pg_dump needed)')
    .option('-o, --output <file>', 'archive file (.tar.gz)')
    .action(async (slug: string, options: { output?: string }) =>
      withPlatform(async (platform) => {
        const handle = await platform.tenancy.resolve(slug);
        if (!handle) throw new ProvisioningError(`No tenant "${slug}"`);
        const file = path.resolve(options.output ?? exportPath(platform, handle.slug));
        const manifest = await tenantArchives(platform.tenancy, platform.keys).exportTenant(handle, file);
        const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
        out(`Exported ${slug}: ${manifest.tables.length} tables, ${rows} rows -> ${file}`);
      }),
    );

  program
    .command('restore <file>')
    .description('recreate a tenant from an archive, optionally in its own database')
    .option('--placement <ENV_VAR>', 'environment variable naming the target database (…_DATABASE_URL)')
    .action(async (file: string, options: { placement?: string }) =>
      withPlatform(async (platform) => {
        const manifest = await tenantArchives(platform.tenancy, platform.keys).restoreTenant(path.resolve(file), {
          placement: options.placement ?? null,
        });
        out(`Restored tenant ${manifest.slug} (${manifest.tables.length} tables) from ${file}`);
      }),
    );

  program
    .command('drop <slug>')
    .description('export, then delete a tenant and all its data')
    .requiredOption('--confirm <slug>', 'repeat the slug to confirm')
    .action(async (slug: string, options: { confirm: string }) =>
      withPlatform(async (platform) => {
        if (options.confirm !== slug)
          throw new ProvisioningError(`--confirm must repeat the slug "${slug}"; nothing changed`);
        const record = await platform.tenancy.registry.find(slug);
        const handle = record && platform.tenancy.handleFor(record);
        if (!handle) throw new ProvisioningError(`No tenant "${slug}"`);
        const file = exportPath(platform, slug);
        await tenantArchives(platform.tenancy, platform.keys).exportTenant(handle, file);
        await platform.provisioning.drop(slug);
        out(`Dropped tenant ${slug}; its export is ${file}`);
      }),
    );
}

/** Platform staff accounts. */
function staffCommands(program: Command): void {
  program
    .command('staff-add <email>')
    .description(
      'create or reset a platform staff account (operator, call-center agent or trainer); prints its secrets once',
    )
    .requiredOption('--role <role>', 'operator, agent or trainer')
    .requiredOption('--name <name>', 'full name')
    .option('--grant <slugs>', 'comma-separated tenants the person may help', '')
    .option(
      '--time-zone <zone>',
      "the zone the person works in (IANA, e.g. Asia/Seoul): the console shows times in it beside the caller's",
      'UTC',
    )
    .action(async (email: string, options: { role: string; name: string; grant: string; timeZone: string }) =>
      withPlatform(async (platform) => {
        for (const line of await addStaffFromCli(platform, email, options)) out(line);
      }),
    );
}

/** Master key rotation and tenant data keys. */
function keyCommands(program: Command): void {
  program
    .command('rotate-master-key')
    .description(
      're-wrap every data key under MASTER_KEY (the old key given as MASTER_KEY_PREVIOUS); resumable, audited per tenant',
    )
    .option('-c, --concurrency <n>', 'tenants re-wrapped at once', '4')
    .action(async (options: { concurrency: string }) =>
      withPlatform(async (platform) => {
        for (const line of await rotateFromCli(platform, Math.max(1, Number(options.concurrency) || 4))) out(line);
      }),
    );

  program
    .command('new-data-key <slug>')
    .description('give a tenant a new data key version: new seals and signatures use it, earlier ones still open')
    .action(async (slug: string) =>
      withPlatform(async (platform) => {
        for (const line of await newDataKeyFromCli(platform, slug)) out(line);
      }),
    );
}

/** Outage windows (server/cli/outage-command.ts). */
function outageCommands(program: Command): void {
  program
    .command('outage <slug>')
    .description("record a system outage: open notices whose deadline fell inside it are extended by the tenant's rule")
    .requiredOption('--from <iso>', 'when the outage began (ISO 8601; without an offset, in the tenant time zone)')
    .requiredOption('--to <iso>', 'when it ended')
    .requiredOption('--reason <text>', 'what happened (published with the automatic addenda)')
    .action(async (slug: string, options: { from: string; to: string; reason: string }) =>
      withPlatform(async (platform) => {
        for (const line of await recordOutageFromCli(platform, slug, options)) out(line);
      }),
    );
}

/** The call center's shipped help articles (server/cli/knowledge-command.ts). */
function knowledgeCommands(program: Command): void {
  program
    .command('knowledge <slug>')
    .description("add the shipped help articles a tenant lacks to its call center's knowledge base")
    .action(async (slug: string) =>
      withPlatform(async (platform) => {
        for (const line of await loadKnowledgeFromCli(platform, slug)) out(line);
      }),
    );
}

export function tenantsProgram(): Command {
  const program = new Command('tenants').description('Provision and operate partner-government tenants').exitOverride();
  for (const add of [
    provisioningCommands,
    statusCommands,
    archiveCommands,
    moveCommands,
    staffCommands,
    keyCommands,
    outageCommands,
    knowledgeCommands,
    sandboxCommands,
  ])
    add(program);
  return program;
}

const KNOWN_FAILURES = [ConfigError, TenantConfigError, ProvisioningError, PlacementError, MasterKeyError];

export async function runTenantsCli(argv: string[]): Promise<number> {
  try {
    await tenantsProgram().parseAsync(argv, { from: 'user' });
    return Number(process.exitCode ?? 0);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (KNOWN_FAILURES.some((type) => error instanceof type)) {
      process.stderr.write(`${(error as Error).message}\n`);
      return 1;
    }
    process.stderr.write(`tenants: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}
