import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');

// What a newcomer's first command does first: a clean clone of the committed tree, plain `npm ci`
// (no fallback), and nothing in the tree may change. npm's cache makes the second install fast.
describe('a fresh clone', function () {
  this.timeout(600_000);
  let dir: string;

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'metricast-clone-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('installs with npm ci and leaves git status clean', async () => {
    const clone = path.join(dir, 'main');
    await run('git', ['clone', '-q', '--no-hardlinks', ROOT, clone]);
    const { stdout: before } = await run('git', ['status', '--porcelain'], { cwd: clone });
    assert.equal(before, '');
    await run('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], {
      cwd: clone,
      maxBuffer: 16 * 1024 * 1024,
    });
    const { stdout: after } = await run('git', ['status', '--porcelain'], { cwd: clone });
    assert.equal(after, '', `npm ci changed the tree:\n${after}`);
  });
});
