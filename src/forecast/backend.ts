/**
 * Picks the fastest tfjs backend this process can run, once: native TensorFlow (`@tensorflow/tfjs-node`)
 * when installed, else WebAssembly (SIMD when the runtime has it), else plain JavaScript.
 */
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { statisticalLibraryVersions } from './baselines/wasm';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

/** The backend in use and why it was chosen. */
export interface BackendInfo {
  readonly name: BackendName;
  readonly reason: string;
}

/** Where the one-line backend report goes. */
export interface BackendLogger {
  info(message: string): void;
}

export interface InitBackendOptions {
  /** Defaults to `console`. */
  readonly logger?: BackendLogger;
}

let chosen: Promise<BackendInfo> | undefined;

function errorText(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
}

async function tryNative(): Promise<BackendInfo | string> {
  try {
    // A runtime require: the package is optional (its install downloads libtensorflow) and, once loaded,
    // registers the 'tensorflow' backend on the same tfjs-core instance.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('@tensorflow/tfjs-node');
  } catch (err) {
    return `@tensorflow/tfjs-node unavailable (${errorText(err)})`;
  }
  if (await tf.setBackend('tensorflow')) return { name: 'tensorflow', reason: 'native libtensorflow' };
  return "@tensorflow/tfjs-node loaded but the 'tensorflow' backend failed to start";
}

async function tryWasm(): Promise<BackendInfo | string> {
  try {
    // In Node the wasm binaries are read from disk: point tfjs at the package's dist folder. It picks the
    // SIMD build itself when the runtime supports it; the threaded build needs web workers, not used here.
    const wasmFile = require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm');
    setWasmPaths(path.dirname(wasmFile) + path.sep);
    if (!(await tf.setBackend('wasm'))) return 'wasm backend failed to start';
    await tf.ready();
  } catch (err) {
    return `wasm backend failed (${errorText(err)})`;
  }
  const simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT');
  const threads = tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT');
  return {
    name: 'wasm',
    reason: `WebAssembly, SIMD ${simd ? 'on' : 'off'}, threads ${threads ? 'on' : 'off'}`,
  };
}

async function choose(logger: BackendLogger): Promise<BackendInfo> {
  const skipped: string[] = [];
  for (const attempt of [tryNative, tryWasm]) {
    const result = await attempt();
    if (typeof result !== 'string') {
      logger.info(`tfjs backend: ${result.name} (${result.reason})`);
      return { name: result.name, reason: [...skipped, result.reason].join('; ') };
    }
    skipped.push(result);
  }
  await tf.setBackend('cpu');
  await tf.ready();
  const info: BackendInfo = { name: 'cpu', reason: [...skipped, 'plain JavaScript fallback'].join('; ') };
  logger.info(`tfjs backend: cpu (${info.reason})`);
  return info;
}

/**
 * Initialises the tfjs backend once per process and reports it; later calls return the same answer
 * (the first caller's logger is the one used). Forecasters call it before touching tensors.
 */
export function initBackend(options: InitBackendOptions = {}): Promise<BackendInfo> {
  chosen ??= choose(options.logger ?? console);
  return chosen;
}

/** Versions of the libraries models run on (tfjs and the statistical ones): recorded with every run. */
export function modelLibraryVersions(): Record<string, string> {
  return { tfjs: tf.version.tfjs, ...statisticalLibraryVersions() };
}
