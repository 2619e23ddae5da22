/** Entry point of `npm run tenants -- <command>`; see tenants-program.ts. */
import { runTenantsCli } from './tenants-program.js';

process.exitCode = await runTenantsCli(process.argv.slice(2));
