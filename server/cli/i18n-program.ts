/**
 * `npm run i18n -- <command>`: the translators' workflow.
 *   export <lng> [--out file]   XLIFF 2.0 with English sources, current targets and context notes
 *   import <file> [--dry-run]   validated; nothing is written when any unit has a problem (exit 1)
 *   status [--summary]          coverage per language and namespace
 *   keys                        keys the code uses but English lacks (exit 1), and unused keys
 * `--locales <dir>` works on another copy of the locale files (tests, a translator's branch).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { LOCALES_DIR } from '../i18n/i18n.js';
import { isLanguage } from '../i18n/languages.js';
import { exportLanguage } from '../i18n/workflow/export.js';
import { extractKeys } from '../i18n/workflow/extract.js';
import { importXliff } from '../i18n/workflow/import.js';
import { auditKeys } from '../i18n/workflow/key-audit.js';
import { namespaces } from '../i18n/i18n.js';
import { coverage, statusLines } from '../i18n/workflow/status.js';

/** The checkout whose `server/` and `views/` are scanned for keys. */
const SOURCE_ROOT = path.resolve(LOCALES_DIR, '..');

export interface Output {
  out(line: string): void;
  err(line: string): void;
}

const stdio: Output = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

export async function runI18nCli(argv: string[], io: Output = stdio): Promise<number> {
  let code = 0;
  const program = new Command('i18n')
    .description('Translator workflow: export, import, status, keys')
    .option('--locales <dir>', 'locale files to work on', LOCALES_DIR)
    .exitOverride();
  const localesDir = () => path.resolve(program.opts<{ locales: string }>().locales);

  program
    .command('export <lng>')
    .description('write an XLIFF 2.0 file for translators (to stdout unless --out)')
    .option('--out <file>', 'file to write')
    .action(async (lng: string, options: { out?: string }) => {
      if (!isLanguage(lng) || lng === 'en') {
        io.err(`"${lng}" is not a shipped translation (English is the source)`);
        code = 1;
        return;
      }
      const dir = localesDir();
      const usage = await extractKeys(SOURCE_ROOT, namespaces(dir));
      const { xml, units } = exportLanguage(dir, lng, usage);
      if (!options.out) return void process.stdout.write(xml);
      writeFileSync(options.out, xml);
      io.out(`${units} units of ${lng} written to ${options.out}`);
    });

  program
    .command('import <file>')
    .description('read a translated XLIFF file back into locales/<lng>/<ns>.json')
    .option('--dry-run', 'validate only')
    .action((file: string, options: { dryRun?: boolean }) => {
      const result = importXliff(localesDir(), readFileSync(file, 'utf8'), { dryRun: options.dryRun });
      for (const w of result.warnings) io.err(`warning ${w.unit}: ${w.message}`);
      for (const p of result.problems) io.err(`${p.unit}: ${p.message}`);
      if (result.problems.length > 0) {
        io.err(`${result.problems.length} problem(s) in ${file}: nothing was written`);
        code = 1;
      } else if (options.dryRun) {
        io.out(`${file} is valid: ${result.changed} translation(s) would change`);
      } else {
        io.out(`${result.changed} translation(s) of ${result.lng} updated in ${result.written.length} file(s)`);
        for (const f of result.written) io.out(`  ${f}`);
      }
    });

  program
    .command('status')
    .description('translation coverage per language and namespace')
    .option('--summary', 'one line per language')
    .action((options: { summary?: boolean }) => {
      for (const line of statusLines(coverage(localesDir()), options)) io.out(line);
    });

  program
    .command('keys')
    .description('keys used in server/ and views/ but missing in English, and English keys never used')
    .action(async () => {
      const report = await auditKeys(SOURCE_ROOT, localesDir());
      io.out(`${report.usage.keys.size} keys and ${report.usage.patterns.length} key patterns used in the code`);
      io.out(`Missing from English (${report.missing.length}):`);
      for (const m of report.missing) io.out(`  ${m.key}  (${m.files.join(', ')})`);
      io.out(`Unused (${report.unused.length}):`);
      for (const key of report.unused) io.out(`  ${key}`);
      for (const p of report.deadPatterns)
        io.out(`Pattern matching no English key: ${p.pattern} (${p.files.join(', ')})`);
      if (report.missing.length > 0) code = 1;
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    io.err(`i18n: ${(error as Error).message}`);
    return 1;
  }
}
