import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { unrecordedOptionals, type Lock } from '../../scripts/check-lock';

const ROOT = path.resolve(__dirname, '../..');

describe('package-lock.json', () => {
  it('records every optional dependency of every locked package, all platforms included', () => {
    const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as Lock;
    assert.deepEqual(unrecordedOptionals(lock), []);
  });

  it('names what a lock written on a day the registry answered 404 lacks', () => {
    const lock = {
      packages: {
        '': { optionalDependencies: { '@tensorflow/tfjs-node': '4.22.0' } },
        'node_modules/@tensorflow/tfjs-node': {},
        'node_modules/@swc/core': {
          optionalDependencies: { '@swc/core-linux-x64-gnu': '1', '@swc/core-darwin-arm64': '1' },
        },
        'node_modules/@swc/core-linux-x64-gnu': {},
        'node_modules/a/node_modules/b': { optionalDependencies: { c: '1', d: '1' } },
        'node_modules/a/node_modules/c': {},
        'node_modules/d': {},
      },
    };
    assert.deepEqual(unrecordedOptionals(lock), ['node_modules/@swc/core -> @swc/core-darwin-arm64']);
  });
});
