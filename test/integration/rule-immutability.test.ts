import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { testPlatform, uniqueSlug } from '../support/platform.js';

describe('rule versions that took effect', () => {
  it('refuse to boot once edited, and accept a new version instead', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'koneps-rules-'));
    copyFileSync(path.resolve('tenants/korea.yaml'), path.join(dir, 'korea.yaml'));
    const slug = uniqueSlug('rules');
    const original = readFileSync(path.resolve('tenants/timor-leste.yaml'), 'utf8').replace(
      'slug: timor-leste',
      `slug: ${slug}`,
    );
    const file = path.join(dir, `${slug}.yaml`);
    writeFileSync(file, original);
    const env = { TENANTS_DIR: dir };
    await (await testPlatform({ env })).close();

    // Edit a version in effect since 2022: the deposit of v1 changes from 10 % to 8 %.
    writeFileSync(file, original.replace(/(id: contract-deposit[\s\S]*?value: \{ percent: )10( \})/, '$18$2'));
    await assert.rejects(
      testPlatform({ env }),
      new RegExp(
        `tenants/${slug}\\.yaml: regulations: contract-deposit v1 took effect on 2022-06-01 and has been edited since; add a new version instead`,
      ),
    );

    // The change as a new version is accepted.
    writeFileSync(
      file,
      `${original}    - id: contract-deposit\n      version: 2\n      effectiveFrom: "2026-01-01"\n      source: assumption\n      value: { percent: 8 }\n`,
    );
    await (await testPlatform({ env })).close();
  });
});
