/**
 * The Prometheus source's default metric families: node_exporter (0.16 and later) on every host,
 * one series per instance. Each family is a metricast metric name with its unit and the PromQL
 * queries whose results become its series; a family may list several queries (say, for old and
 * new exporter names), and their results must not collide.
 * Rates use a 5-minute window, the source's step: the value at t covers the five minutes up to t.
 */
export interface PrometheusFamilySetting {
  readonly queries: readonly string[];
  /** CloudWatch's unit vocabulary (`Percent`, `Bytes/Second`), `''` when unknown. */
  readonly unit: string;
}

/** Non-loopback network devices: `lo` carries only the host's talk with itself. */
const NETWORK_DEVICES = 'device!="lo"';

export const NODE_EXPORTER_FAMILIES: Readonly<Record<string, PrometheusFamilySetting>> = {
  CPUUtilization: {
    queries: ['100 * (1 - avg by (instance, job) (rate(node_cpu_seconds_total{mode="idle"}[5m])))'],
    unit: 'Percent',
  },
  MemoryUtilization: {
    queries: ['100 * (1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes)'],
    unit: 'Percent',
  },
  NetworkReceiveThroughput: {
    queries: [`sum by (instance, job) (rate(node_network_receive_bytes_total{${NETWORK_DEVICES}}[5m]))`],
    unit: 'Bytes/Second',
  },
  NetworkTransmitThroughput: {
    queries: [`sum by (instance, job) (rate(node_network_transmit_bytes_total{${NETWORK_DEVICES}}[5m]))`],
    unit: 'Bytes/Second',
  },
};
