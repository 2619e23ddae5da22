// Where a CPU profile's time goes, bottom-up: self time summed by function and by file (or
// package), and the time spent under a few frames named on the command line, for one or more
// .cpuprofile files (node --cpu-prof, or the bids benchmark's BENCH_PROFILE_DIR).
//
//   node bench/profile-summary.mjs /tmp/prof-bids/*.cpuprofile [--top 40] [--under bearerAuth,submitBid]
//     [--callers writev --depth 6] [--last 20]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const [value] = args.splice(i, 2).slice(1);
  return value;
};
const top = Number(option('top', '40'));
const under = (option('under', '') || '').split(',').filter(Boolean);
const callersOf = (option('callers', '') || '').split(',').filter(Boolean);
const depth = Number(option('depth', '6'));
const flag = (name) => {
  const i = args.indexOf(`--${name}`);
  if (i >= 0) args.splice(i, 1);
  return i >= 0;
};
const showInclusive = flag('inclusive');
const treeOf = option('tree', '');
const treeDepth = Number(option('tree-depth', '4'));
// --last N: only the profile's last N seconds (a server's measured rounds, without its start-up).
const lastSeconds = Number(option('last', '0'));
const files = args;
if (files.length === 0) {
  process.stderr.write('usage: node bench/profile-summary.mjs FILE.cpuprofile... [--top N] [--under fn1,fn2]\n');
  process.exit(2);
}

/** A file as a reader names it: the package under node_modules, or the path inside the project. */
function placeOf(url) {
  if (!url) return '(native)';
  const file = url.replace(/^file:\/\//, '');
  const modules = file.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const rest = file.slice(modules + '/node_modules/'.length).split('/');
    const pkg = rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
    return `${pkg} (${rest.slice(rest[0].startsWith('@') ? 2 : 1).join('/')})`;
  }
  if (file.startsWith('node:')) return file;
  return path.relative(process.cwd(), file);
}
const packageOf = (url) => {
  const place = placeOf(url);
  return place.includes(' (') ? place.slice(0, place.indexOf(' (')) : place;
};

const selfByFunction = new Map();
const selfByPackage = new Map();
const selfByFile = new Map();
const underTotals = new Map(under.map((name) => [name, 0]));
const callerChains = new Map();
const inclusive = new Map();
// Each sample charged to the nearest frame of the project's own code (server/, bench/) above it:
// the step of the request that caused the work, whichever library did it.
const byOwner = new Map();
// Top-down below the frames named by --tree (merged by name and file at each level).
const tree = new Map();
let total = 0;
let idle = 0;
const add = (map, key, ms) => map.set(key, (map.get(key) ?? 0) + ms);

for (const file of files) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const selfMs = new Map();
  const from = lastSeconds > 0 ? profile.endTime - lastSeconds * 1e6 : -Infinity;
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (at < from) return;
    // timeDeltas[i] is the time before sample i; the sample stands for the interval after it.
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    selfMs.set(id, (selfMs.get(id) ?? 0) + ms);
  });
  for (const [id, ms] of selfMs) {
    const { callFrame } = nodes.get(id);
    const fn = callFrame.functionName || '(anonymous)';
    if (fn === '(idle)' || fn === '(program)' || fn === '(garbage collector)') {
      if (fn === '(idle)') {
        idle += ms;
        continue;
      }
    }
    total += ms;
    const place = placeOf(callFrame.url);
    add(selfByFunction, `${fn}  ${place}${callFrame.url ? `:${callFrame.lineNumber + 1}` : ''}`, ms);
    add(selfByPackage, packageOf(callFrame.url), ms);
    add(selfByFile, place, ms);
    let owner;
    for (let at = id; at !== undefined && !owner; at = parent.get(at)) {
      const frame = nodes.get(at).callFrame;
      const place = placeOf(frame.url);
      if (/^(dist\/)?(server|bench)\//.test(place)) owner = `${frame.functionName || '(anonymous)'}  ${place}`;
    }
    add(byOwner, owner ?? `(no project frame) ${packageOf(callFrame.url)}`, ms);
    if (treeOf) {
      const stack = [];
      for (let at = id; at !== undefined; at = parent.get(at)) stack.push(nodes.get(at).callFrame);
      const [treeName, treeFile] = treeOf.split('@');
      const top = stack.findLastIndex(
        (f) => (f.functionName || '(anonymous)') === treeName && (!treeFile || placeOf(f.url).includes(treeFile)),
      );
      if (top >= 0) {
        const path = stack
          .slice(Math.max(0, top - treeDepth), top + 1)
          .reverse()
          .map((f) => `${f.functionName || '(anonymous)'} ${placeOf(f.url).replace(/ \(.*\)$/, '')}`);
        for (let i = 1; i <= path.length; i++) add(tree, path.slice(0, i).join('\n'), ms);
      }
    }
    const counted = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const frame = nodes.get(at).callFrame;
      const key = `${frame.functionName || '(anonymous)'}  ${placeOf(frame.url)}`;
      if (!counted.has(key)) {
        counted.add(key);
        add(inclusive, key, ms);
      }
    }
    if (callersOf.includes(fn)) {
      const chain = [];
      for (let at = parent.get(id); at !== undefined && chain.length < depth; at = parent.get(at)) {
        const frame = nodes.get(at).callFrame;
        chain.push(`${frame.functionName || '(anonymous)'} ${placeOf(frame.url).replace(/ \(.*\)$/, '')}`);
      }
      add(callerChains, `${fn} <- ${chain.join(' <- ')}`, ms);
    }
    if (under.length) {
      const seen = new Set();
      for (let at = id; at !== undefined; at = parent.get(at)) {
        const name = nodes.get(at).callFrame.functionName;
        if (underTotals.has(name) && !seen.has(name)) {
          seen.add(name);
          add(underTotals, name, ms);
        }
      }
    }
  }
}

const print = (title, map, n = top) => {
  process.stdout.write(`\n${title}\n`);
  for (const [key, ms] of [...map].sort((a, b) => b[1] - a[1]).slice(0, n))
    process.stdout.write(`${ms.toFixed(0).padStart(8)} ms ${((100 * ms) / total).toFixed(1).padStart(5)} %  ${key}\n`);
};
process.stdout.write(`${files.length} profile(s): ${total.toFixed(0)} ms busy, ${idle.toFixed(0)} ms idle\n`);
print('Self time by function', selfByFunction);
print('Self time by package or file', selfByPackage, 30);
print("Charged to the nearest project function (or, without one, the leaf's package)", byOwner);
if (under.length) print('Total time under (inclusive)', underTotals);
if (treeOf) {
  process.stdout.write(`\nBelow ${treeOf}\n`);
  const entries = [...tree].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const print1 = (prefix, level) => {
    const children = entries.filter(([k]) => k.startsWith(prefix) && k.split('\n').length === level);
    for (const [key, ms] of children.sort((a, b) => b[1] - a[1])) {
      if (ms < total / 500) continue;
      process.stdout.write(`${ms.toFixed(0).padStart(8)} ms ${'  '.repeat(level - 1)}${key.split('\n').at(-1)}\n`);
      print1(`${key}\n`, level + 1);
    }
  };
  print1('', 1);
}
if (showInclusive) print('Inclusive time by function', inclusive, top * 2);
if (callersOf.length) print('Called from', callerChains, top);
