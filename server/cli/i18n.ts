/** Entry point of `npm run i18n -- <export|import|status|keys>`; see i18n-program.ts. */
import { runI18nCli } from './i18n-program.js';

process.exitCode = await runI18nCli(process.argv.slice(2));
