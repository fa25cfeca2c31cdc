import assert from 'node:assert/strict';
import { IngestInputError, seriesFromFilename, type SeriesKey } from '../../src/ingest';

type Expected = Pick<SeriesKey, 'namespace' | 'metric' | 'host' | 'site'> & Partial<SeriesKey>;

describe('ingest/seriesFromFilename', () => {
  const cases: [string, Expected][] = [
    [
      'data/nab/ec2_cpu_utilization_24ae8d.csv',
      {
        namespace: 'AWS/EC2',
        metric: 'CPUUtilization',
        host: '24ae8d',
        site: '',
        unit: 'Percent',
        dimensions: { InstanceId: '24ae8d' },
      },
    ],
    [
      'ec2_network_in_257a54.csv',
      { namespace: 'AWS/EC2', metric: 'NetworkIn', host: '257a54', site: '', unit: 'Bytes' },
    ],
    [
      'ec2_disk_write_bytes_1ef3de',
      { namespace: 'AWS/EC2', metric: 'DiskWriteBytes', host: '1ef3de', site: '' },
    ],
    [
      'elb_request_count_8c0756.csv',
      {
        namespace: 'AWS/ELB',
        metric: 'RequestCount',
        host: '8c0756',
        site: '',
        dimensions: { LoadBalancerName: '8c0756' },
      },
    ],
    [
      'rds_cpu_utilization_cc0c53.csv',
      {
        namespace: 'AWS/RDS',
        metric: 'CPUUtilization',
        host: 'cc0c53',
        site: '',
        dimensions: { DBInstanceIdentifier: 'cc0c53' },
      },
    ],
    [
      'grok_asg_anomaly.csv',
      { namespace: 'Grok', metric: 'ASG', host: 'grok_asg_anomaly', site: '', dimensions: {} },
    ],
    [
      'C:\\data\\iio_us-east-1_i-a2eb1cd9_NetworkIn.csv',
      {
        namespace: 'AWS/EC2',
        metric: 'NetworkIn',
        host: 'i-a2eb1cd9',
        site: 'us-east-1',
        dimensions: { InstanceId: 'i-a2eb1cd9' },
      },
    ],
    [
      'exports/Web_Latency.csv',
      { namespace: 'file', metric: 'Web_Latency', host: 'web_latency', site: '', unit: '', dimensions: {} },
    ],
  ];
  for (const [name, expected] of cases) {
    it(`${name} → ${expected.namespace} ${expected.metric} @ ${expected.host}`, () => {
      const key = seriesFromFilename(name);
      assert.equal(key.source, 'file');
      for (const [field, value] of Object.entries(expected))
        assert.deepEqual(key[field as keyof SeriesKey], value, field);
    });
  }

  it('rejects a metric outside knownMetrics, naming it', () => {
    assert.throws(
      () =>
        seriesFromFilename('data/elb_request_count_8c0756.csv', {
          knownMetrics: ['CPUUtilization', 'NetworkIn'],
        }),
      (e: unknown) =>
        e instanceof IngestInputError &&
        e.field === 'metric' &&
        e.value === 'RequestCount' &&
        e.message ===
          'data/elb_request_count_8c0756.csv: metric must be one of CPUUtilization, NetworkIn (derived from the file name), got "RequestCount"',
    );
    assert.equal(
      seriesFromFilename('ec2_network_in_257a54.csv', { knownMetrics: ['NetworkIn'] }).metric,
      'NetworkIn',
    );
  });
});
