import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, listSettings, loadConfig, redactConfig, secretValues } from '../../src/config';

function configFile(content: unknown): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'metricast-config-')), 'metricast.config.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected ConfigError, got ${String(error)}`);
    return [...error.problems];
  }
  assert.fail('expected a ConfigError');
}

describe('config', () => {
  it('applies defaults, then the file, then the environment', () => {
    const file = configFile({ db: { host: 'db.internal', port: 3307 }, ingest: { dropPatterns: ['error'] } });
    const config = loadConfig({
      file,
      env: { METRICAST_DB_PORT: '3308', METRICAST_CW_EC2_METRICS: 'CPUUtilization, NetworkIn' },
    });
    assert.equal(config.db.host, 'db.internal');
    assert.equal(config.db.port, 3308);
    assert.deepEqual(config.cloudwatch.ec2Metrics, ['CPUUtilization', 'NetworkIn']);
    assert.deepEqual(config.ingest.dropPatterns, ['error']);
    assert.equal(config.temporal.address, '127.0.0.1:7233');
  });

  it('names the setting, its source, the value and what is expected', () => {
    const problems = problemsOf(() =>
      loadConfig({ file: configFile({}), env: { METRICAST_DB_PORT: 'abc' } }),
    );
    assert.equal(problems.length, 1);
    assert.match(
      problems[0]!,
      /^setting db\.port \(from environment METRICAST_DB_PORT\) .*number.*, got "abc"$/,
    );
  });

  it('rejects a value from the file with its path', () => {
    const problems = problemsOf(() =>
      loadConfig({ file: configFile({ ingest: { minCoverage: 1.5 } }), env: {} }),
    );
    assert.match(problems[0]!, /^setting ingest\.minCoverage \(from file\) .*1.*, got 1\.5$/);
  });

  it('rejects unknown settings and malformed JSON', () => {
    assert.match(
      problemsOf(() => loadConfig({ file: configFile({ db: { hots: 'x' } }), env: {} }))[0]!,
      /unknown setting db\.hots/,
    );
    assert.throws(() => loadConfig({ file: configFile('{ not json'), env: {} }), /is not valid JSON/);
  });

  it('accepts secrets only from the environment and never prints them', () => {
    const problems = problemsOf(() =>
      loadConfig({ file: configFile({ db: { password: 'hunter2' } }), env: {} }),
    );
    assert.match(problems[0]!, /db\.password is a secret: set METRICAST_DB_PASSWORD in the environment/);
    assert.ok(!problems.join('\n').includes('hunter2'));

    const config = loadConfig({
      file: configFile({}),
      env: { METRICAST_DB_PASSWORD: 's3cret-pw', METRICAST_API_TOKEN: 'tok-123' },
    });
    const printed = JSON.stringify(redactConfig(config));
    assert.ok(!printed.includes('s3cret-pw') && !printed.includes('tok-123'));
    assert.deepEqual(secretValues(config).sort(), ['s3cret-pw', 'tok-123']);
  });

  it('documents every setting with an environment variable', () => {
    const settings = listSettings();
    assert.ok(settings.length > 30);
    assert.equal(new Set(settings.map((s) => s.env)).size, settings.length);
    for (const s of settings) assert.ok(s.description.length > 5, s.path);
  });
});
