/**
 * `npm run audit -- <command>`: the operator's checks of a tenant's tamper-evident audit trail.
 *   verify <slug> [--seal] [--heads FILE]   re-verifies the chain and its signed heads; exit 0 valid,
 *                                           2 broken (the first broken link named), 1 usage error,
 *                                           unknown tenant or unreadable heads file
 *   heads <slug>                            the signed heads as JSON lines, to keep outside the database
 */
import { Command, CommanderError } from 'commander';
import { bootPlatform, type Platform } from '../bootstrap.js';
import type { SignedHead } from '../audit/head-signing.js';
import { HeadsFileError, readHeadsFile } from '../audit/heads-file.js';
import { checkHeads, countBlocks, listHeads, type HeadMismatch } from '../audit/heads.js';
import { sealTenant } from '../audit/sealer.js';
import { verifyAuditChain } from '../audit/verify.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';

const out = (line: string) => process.stdout.write(`${line}\n`);

/** A refusal that is the operator's to fix (exit 1), not a finding about the trail. */
class UsageError extends Error {}

async function withTenant(slug: string, work: (platform: Platform, tenant: TenantHandle) => Promise<number>) {
  const platform = await bootPlatform({ env: { LOG_LEVEL: 'warn', ...process.env } });
  try {
    const tenant = await platform.tenancy.resolve(slug);
    if (!tenant) throw new UsageError(`No tenant "${slug}"`);
    return await work(platform, tenant);
  } finally {
    await platform.close();
  }
}

function mismatchLine(m: HeadMismatch, source: string): string {
  switch (m.reason) {
    case 'block-missing':
      return `BROKEN at block ${m.blockNo}: ${source} has a signed head for it, but the chain no longer holds that block`;
    case 'hash-differs':
      return `BROKEN at block ${m.blockNo}: the chain's block hash ${m.chainHash} differs from ${source}'s signed ${m.headHash} (rewritten after the head was signed)`;
    case 'signature-invalid':
      return `BROKEN at block ${m.blockNo}: the signature of ${source}'s head does not verify with the tenant's audit-head key`;
  }
}

async function verify(slug: string, options: { seal?: boolean; heads?: string }): Promise<number> {
  // The file is read first: a wrong path is a usage error, whatever the chain holds.
  const saved: SignedHead[] | undefined = options.heads ? await readHeadsFile(options.heads, slug) : undefined;
  return withTenant(slug, async (platform, tenant) => {
    if (options.seal) await sealTenant(tenant, { full: true, keys: platform.keys });
    const report = await verifyAuditChain(tenant);
    if (!report.valid) {
      const b = report.broken!;
      out(`BROKEN at block ${b.blockNo}${b.seq !== undefined ? `, entry ${b.seq}` : ''}: ${b.reason}`);
      out(`(${report.entries} entries in the ${b.blockNo - 1} blocks before it verified)`);
      return 2;
    }
    const stored = await listHeads(tenant);
    const storedMismatch = await checkHeads(tenant, platform.keys, stored);
    if (storedMismatch) {
      out(mismatchLine(storedMismatch, 'the database'));
      return 2;
    }
    const savedMismatch = saved && (await checkHeads(tenant, platform.keys, saved));
    if (savedMismatch) {
      out(mismatchLine(savedMismatch, options.heads!));
      return 2;
    }
    out(`valid: ${report.blocks} blocks, ${report.entries} entries sealed, ${report.unsealed} awaiting sealing`);
    out(
      stored.length < report.blocks
        ? `signed heads: ${stored.length} of ${report.blocks} blocks, all matching the chain; the nightly audit-verification job signs the rest`
        : `signed heads: all ${report.blocks} blocks, matching the chain`,
    );
    if (saved) out(`saved heads: all ${saved.length} in ${options.heads} match the chain and verify`);
    return 0;
  });
}

async function heads(slug: string): Promise<number> {
  return withTenant(slug, async (_platform, tenant) => {
    const signed = await listHeads(tenant);
    for (const head of signed) {
      const { slug: s, blockNo, blockHash, sig, keyId } = head;
      out(JSON.stringify({ slug: s, blockNo, blockHash, sig, keyId }));
    }
    const blocks = await countBlocks(tenant);
    if (signed.length < blocks)
      process.stderr.write(
        `${blocks - signed.length} sealed blocks have no signed head yet; the nightly audit-verification job signs them\n`,
      );
    return 0;
  });
}

export async function runAuditCli(argv: string[]): Promise<number> {
  let code = 0;
  const program = new Command('audit').description("Check a tenant's tamper-evident audit trail").exitOverride();
  program
    .command('verify <slug>')
    .description('verify every entry, block and link of the chain, and its signed heads')
    .option('--seal', 'seal pending entries first')
    .option('--heads <file>', 'also check heads saved earlier (JSON lines from `audit heads`)')
    .action(async (slug: string, options: { seal?: boolean; heads?: string }) => {
      code = await verify(slug, options);
    });
  program
    .command('heads <slug>')
    .description('print the signed block heads as JSON lines, to keep outside the database')
    .action(async (slug: string) => {
      code = await heads(slug);
    });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof UsageError || error instanceof HeadsFileError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    process.stderr.write(`audit: ${(error as Error).message}\n`);
    return 1;
  }
}
