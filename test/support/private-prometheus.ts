import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../ingest/support/moto-server';
import { exitOf, spawnServerProcess, waitUntilServing, type ServerProcess } from './server-process';

/**
 * Debian's binary `name` (infra/deps.sh installs `prometheus`, `promtool` and
 * `prometheus-node-exporter`), or the one `$<envVar>` names.
 */
export function systemBinary(name: string, envVar: string): string {
  const candidates = [process.env[envVar], `/usr/bin/${name}`, `/usr/local/bin/${name}`];
  const found = candidates.find((c): c is string => c !== undefined && c !== '' && existsSync(c));
  if (!found) throw new Error(`${name} not found (run bash infra/deps.sh, or set ${envVar})`);
  return found;
}

/** What the test's Prometheus starts with. */
export interface PrometheusOptions {
  /** OpenMetrics text turned into TSDB blocks with `promtool tsdb create-blocks-from openmetrics` before start. */
  readonly history?: string;
  /**
   * `scrape_configs` entries (the config file is JSON, which YAML reads as it is); a function gets
   * the server's folder, where `files` were written (a scrape's bearer token, say).
   */
  readonly scrapeConfigs?: readonly object[] | ((dir: string) => readonly object[]);
  /** Files written into the server's folder (mode 600) before it starts. */
  readonly files?: Readonly<Record<string, string>>;
  /** Default `1s`, so a live test need not wait for scrapes. */
  readonly scrapeInterval?: string;
  /** Prometheus' own basic auth (web config): the user, a bcrypt hash of the password, and the password. */
  readonly basicAuth?: { readonly username: string; readonly bcrypt: string; readonly password: string };
}

export interface PrivatePrometheus {
  readonly url: string;
  readonly dir: string;
  dispose(): Promise<void>;
}

/** Runs a tool to the end; rejects with its output when it fails. */
async function run(binary: string, args: readonly string[]): Promise<void> {
  const child = spawn(binary, [...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`${binary} ${args.join(' ')} exited with ${code}: ${output.slice(-2000)}`);
}

/** Waits until `url` answers 200 (Prometheus' `/-/ready`, node_exporter's `/metrics`). */
async function untilOk(
  name: string,
  server: ServerProcess,
  url: string,
  headers: Record<string, string> = {},
): Promise<void> {
  const ok = () =>
    fetch(url, { headers, signal: AbortSignal.timeout(1_000) })
      .then((r) => r.ok)
      .catch(() => false);
  await waitUntilServing(name, server, ok, 200);
}

async function stop(server: ServerProcess): Promise<void> {
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 10_000);
  await exitOf(server.child);
  clearTimeout(timer);
}

/**
 * Starts a Prometheus of the test's own on a free loopback port with its storage in a temporary
 * folder. Two flags differ from the defaults, for exact comparisons: a retention of 100 years
 * (retention counts back from the newest sample, so live data would otherwise delete loaded 2014
 * history at once) and a lookback of 1 minute (so a 5-minute sample missing from loaded history
 * is missing, not the previous one repeated; live scrapes every second are unaffected).
 */
export async function startPrivatePrometheus(options: PrometheusOptions = {}): Promise<PrivatePrometheus> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'metricast-prometheus-'));
  const data = path.join(dir, 'data');
  if (options.history !== undefined) {
    const file = path.join(dir, 'history.om');
    writeFileSync(file, options.history);
    const promtool = systemBinary('promtool', 'METRICAST_PROMTOOL_BIN');
    await run(promtool, [
      'tsdb',
      'create-blocks-from',
      'openmetrics',
      '--quiet',
      '--max-block-duration=720h',
      file,
      data,
    ]);
  }
  for (const [name, text] of Object.entries(options.files ?? {}))
    writeFileSync(path.join(dir, name), text, { mode: 0o600 });
  const scrapes =
    typeof options.scrapeConfigs === 'function' ? options.scrapeConfigs(dir) : options.scrapeConfigs;
  const config = path.join(dir, 'prometheus.yml');
  const global = { scrape_interval: options.scrapeInterval ?? '1s', scrape_timeout: '1s' };
  writeFileSync(config, JSON.stringify({ global, scrape_configs: scrapes ?? [] }, null, 2));
  const auth = options.basicAuth;
  const web = path.join(dir, 'web.yml');
  if (auth) writeFileSync(web, JSON.stringify({ basic_auth_users: { [auth.username]: auth.bcrypt } }));
  const port = await freePort();
  const server = spawnServerProcess(systemBinary('prometheus', 'METRICAST_PROMETHEUS_BIN'), [
    ...(auth ? [`--web.config.file=${web}`] : []),
    `--config.file=${config}`,
    `--storage.tsdb.path=${data}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--storage.tsdb.retention.time=100y',
    '--query.lookback-delta=1m',
    '--log.level=warn',
  ]);
  const url = `http://127.0.0.1:${port}`;
  const headers: Record<string, string> = auth
    ? { authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}` }
    : {};
  await untilOk(`prometheus on ${url}`, server, `${url}/-/ready`, headers);
  return {
    url,
    dir,
    async dispose() {
      await stop(server);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface NodeExporter {
  /** host:port to scrape. */
  readonly target: string;
  dispose(): Promise<void>;
}

/** Starts Debian's node_exporter on a free loopback port with the CPU, memory and network collectors only. */
export async function startNodeExporter(): Promise<NodeExporter> {
  const port = await freePort();
  const target = `127.0.0.1:${port}`;
  const server = spawnServerProcess(systemBinary('prometheus-node-exporter', 'METRICAST_NODE_EXPORTER_BIN'), [
    `--web.listen-address=${target}`,
    '--collector.disable-defaults',
    '--collector.cpu',
    '--collector.meminfo',
    '--collector.netdev',
    '--log.level=warn',
  ]);
  await untilOk(`node_exporter on ${target}`, server, `http://${target}/metrics`);
  return { target, dispose: () => stop(server) };
}

/** One element of an instant query's vector. */
export type VectorSample = { metric: Record<string, string>; value: [number, string] };

/** Runs a PromQL instant query (now) and returns its vector (fails the test on an error answer). */
export function instantQuery(url: string, query: string): Promise<VectorSample[]> {
  return instantQueryAt(url, query);
}

/** Runs a PromQL instant query at `at` (epoch ms; default now) and returns its vector. */
export async function instantQueryAt(url: string, query: string, at?: number): Promise<VectorSample[]> {
  const params = new URLSearchParams({ query });
  if (at !== undefined) params.set('time', String(at / 1000));
  const response = await fetch(`${url}/api/v1/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: params,
  });
  const body = (await response.json()) as { status: string; error?: string; data: { result: unknown } };
  if (body.status !== 'success') throw new Error(`query ${query} failed: ${body.error}`);
  return body.data.result as VectorSample[];
}
