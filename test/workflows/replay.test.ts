import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { HISTORIES_DIR } from '../support/histories';

/** Recorded histories of every workflow kind, one file each: `<workflow>-<scenario>.json`. */
function* recordedHistories(): Generator<{
  workflowId: string;
  history: ReturnType<typeof historyFromJSON>;
}> {
  for (const file of readdirSync(HISTORIES_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const idFile = path.join(HISTORIES_DIR, `${path.basename(file, '.json')}.id`);
    yield {
      workflowId: existsSync(idFile) ? readFileSync(idFile, 'utf8').trim() : path.basename(file, '.json'),
      history: historyFromJSON(JSON.parse(readFileSync(path.join(HISTORIES_DIR, file), 'utf8'))),
    };
  }
}

describe('workflows/replay of recorded histories', function () {
  this.timeout(120_000);

  it('replays every recorded history against the current workflow code without nondeterminism', async () => {
    const histories = [...recordedHistories()];
    assert.ok(histories.length > 0, `no recorded histories in ${HISTORIES_DIR}`);
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories(
      { workflowsPath: require.resolve('../../src/workflows') },
      histories,
    )) {
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    assert.deepEqual(
      failures,
      [],
      'a workflow change breaks replay of recorded histories: keep old paths behind patched()',
    );
  });
});
