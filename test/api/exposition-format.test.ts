import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { formatValue, renderExposition } from '../../src/api/exposition/text-format';
import { systemBinary } from '../support/private-prometheus';

describe('api/exposition: the text format (pure)', () => {
  it('escapes label values and help, writes infinities and NaN the Prometheus way, and skips empty families', () => {
    const text = renderExposition([
      {
        name: 'metricast_test_value',
        help: 'A help with a back\\slash\nand a newline.',
        samples: [
          { labels: { host: 'a "quoted" \\ host\nwith a newline' }, value: 1.5 },
          { labels: { host: 'b' }, value: Infinity },
          { labels: { host: 'c' }, value: -Infinity },
          { labels: { host: 'd' }, value: Number.NaN },
          { labels: {}, value: 1e-7 },
        ],
      },
      { name: 'metricast_empty', help: 'never shown', samples: [] },
    ]);
    assert.equal(
      text,
      [
        '# HELP metricast_test_value A help with a back\\\\slash\\nand a newline.',
        '# TYPE metricast_test_value gauge',
        'metricast_test_value{host="a \\"quoted\\" \\\\ host\\nwith a newline"} 1.5',
        'metricast_test_value{host="b"} +Inf',
        'metricast_test_value{host="c"} -Inf',
        'metricast_test_value{host="d"} NaN',
        'metricast_test_value 1e-7',
        '',
      ].join('\n'),
    );
    assert.equal(formatValue(0.1 + 0.2), '0.30000000000000004');
    // Prometheus' own parser accepts it.
    const lint = spawnSync(systemBinary('promtool', 'METRICAST_PROMTOOL_BIN'), ['check', 'metrics'], {
      input: text,
    });
    assert.equal(lint.status, 0, `${lint.stdout.toString()}${lint.stderr.toString()}`);
  });
});
