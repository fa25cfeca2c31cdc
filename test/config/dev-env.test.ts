import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { applyDevEnv, devEnvPath, loadConfig, parseDevEnv } from '../../src/config';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');

describe('the generated dev.env', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'metricast-devenv-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('lives per machine user, as infra/lib.sh places it', () => {
    assert.equal(devEnvPath({ HOME: '/home/x' }), '/home/x/.config/metricast/dev.env');
    assert.equal(devEnvPath({ HOME: '/home/x', XDG_CONFIG_HOME: '/c' }), '/c/metricast/dev.env');
    assert.equal(devEnvPath({ METRICAST_DEV_ENV: '/d/e.env' }), '/d/e.env');
  });

  it('reads the lines infra writes, quoted or not, and skips comments', () => {
    const values = parseDevEnv(
      "# made by up.sh\nexport METRICAST_DB_PASSWORD=abc\nMETRICAST_API_TOKEN='mc_1'\n\n",
    );
    assert.deepEqual(
      [...values],
      [
        ['METRICAST_DB_PASSWORD', 'abc'],
        ['METRICAST_API_TOKEN', 'mc_1'],
      ],
    );
  });

  it('fills only what the environment lacks: an explicit setting wins', () => {
    const file = path.join(dir, 'dev.env');
    writeFileSync(file, 'export METRICAST_DB_PASSWORD=generated\nexport METRICAST_API_TOKEN=tok\n');
    const env: NodeJS.ProcessEnv = { METRICAST_DEV_ENV: file, METRICAST_DB_PASSWORD: 'explicit' };
    assert.deepEqual(applyDevEnv(env), ['METRICAST_API_TOKEN']);
    assert.equal(env.METRICAST_DB_PASSWORD, 'explicit');
    assert.equal(env.METRICAST_API_TOKEN, 'tok');
    const config = loadConfig({ file: path.join(ROOT, 'metricast.config.json'), env });
    assert.equal(config.db.password, 'explicit');
  });

  it('lets an entry point started without the password reach MariaDB (as npm run bench:* does after up.sh)', async function () {
    this.timeout(120_000);
    const password = loadConfig().db.password;
    assert.ok(password, 'the suite itself needs the database password');
    const file = path.join(dir, 'real.env');
    writeFileSync(file, `export METRICAST_DB_PASSWORD=${password}\n`, { mode: 0o600 });
    const env: NodeJS.ProcessEnv = { ...process.env, METRICAST_DEV_ENV: file };
    delete env.METRICAST_DB_PASSWORD;
    const { stdout } = await run(path.join(ROOT, 'node_modules/.bin/tsx'), ['src/db/migrate-main.ts'], {
      cwd: ROOT,
      env,
    });
    assert.match(stdout, /migrat|up to date|applied/i);
  });
});
