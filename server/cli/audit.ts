/** Entry point of `npm run audit -- verify <slug>`; see audit-program.ts. */
import { runAuditCli } from './audit-program.js';

process.exitCode = await runAuditCli(process.argv.slice(2));
