/**
 * Loading the wasm libraries behind the statistical baselines, once per process.
 *
 * `@bsull/augurs` ships wasm-bindgen "web" builds: ES modules whose default init would `fetch` the
 * `.wasm` file. In Node we import the module, read `<name>_bg.wasm` from disk and call `initSync`.
 * `@bsull/augurs-prophet-wasmstan` is an ES module with top-level await, which `require` cannot load,
 * so both go through a real dynamic `import()` of the resolved file URL: TypeScript's CommonJS
 * output would otherwise rewrite `import()` into `require()`. `arima` is CommonJS and compiles its
 * wasm synchronously on `require`.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as EtsModule from '@bsull/augurs/ets';
import type * as MstlModule from '@bsull/augurs/mstl';
import type * as ProphetModule from '@bsull/augurs/prophet';
import type ArimaConstructor from 'arima';

// A Function-built import() is never rewritten to require() by the TypeScript compiler.
// eslint-disable-next-line @typescript-eslint/no-implied-eval
const importModule = new Function('url', 'return import(url)') as (url: string) => Promise<unknown>;

interface WasmBindgenModule {
  initSync(init: { module: Uint8Array }): unknown;
}

const cache = new Map<string, Promise<unknown>>();

function once<T>(key: string, load: () => Promise<T>): Promise<T> {
  let loaded = cache.get(key) as Promise<T> | undefined;
  if (loaded === undefined) {
    loaded = load();
    cache.set(key, loaded);
    // A failed load is not cached, so a later call can retry.
    loaded.catch(() => cache.delete(key));
  }
  return loaded;
}

async function loadAugurs<T extends WasmBindgenModule>(name: 'ets' | 'mstl' | 'prophet'): Promise<T> {
  const file = require.resolve(`@bsull/augurs/${name}`);
  const module = (await importModule(pathToFileURL(file).href)) as T;
  module.initSync({ module: readFileSync(join(dirname(file), `${name}_bg.wasm`)) });
  return module;
}

/** augurs' AutoETS bindings, initialised. */
export function loadEts(): Promise<typeof EtsModule> {
  return once('ets', () => loadAugurs<typeof EtsModule>('ets'));
}

/** augurs' MSTL bindings, initialised. */
export function loadMstl(): Promise<typeof MstlModule> {
  return once('mstl', () => loadAugurs<typeof MstlModule>('mstl'));
}

/** What a Prophet model needs: augurs' Prophet class and the wasm Stan optimizer. */
export interface ProphetRuntime {
  readonly Prophet: typeof ProphetModule.Prophet;
  readonly optimizer: ProphetModule.ProphetOptions['optimizer'];
}

/** augurs' Prophet with the `@bsull/augurs-prophet-wasmstan` optimizer, initialised. */
export function loadProphet(): Promise<ProphetRuntime> {
  return once('prophet', async () => {
    const module = await loadAugurs<typeof ProphetModule>('prophet');
    const file = require.resolve('@bsull/augurs-prophet-wasmstan');
    const wasmstan = (await importModule(pathToFileURL(file).href)) as Pick<ProphetRuntime, 'optimizer'>;
    return { Prophet: module.Prophet, optimizer: wasmstan.optimizer };
  });
}

let arima: typeof ArimaConstructor | undefined;

/**
 * The `arima` package's ARIMA class on a private wasm instance whose C `printf`s (optimizer
 * chatter such as "non-stationary AR part") are dropped instead of reaching the process's stdout.
 * The package's own entry builds its instance with console output and offers no option, so we
 * assemble the same three files it does (by absolute path: its `exports` map hides them).
 */
export function loadArima(): typeof ArimaConstructor {
  if (arima !== undefined) return arima;
  const dir = dirname(require.resolve('arima'));
  const silent = (): void => undefined;
  /* eslint-disable @typescript-eslint/no-require-imports */
  const createModule = require(join(dir, 'wasm', 'native-sync.js')) as (options: object) => unknown;
  const wasmBinary = require(join(dir, 'wrapper', 'native.bin.js')) as Uint8Array;
  const bind = require(join(dir, 'load.js')) as (module: unknown) => typeof ArimaConstructor;
  /* eslint-enable @typescript-eslint/no-require-imports */
  arima = bind(createModule({ wasmBinary, print: silent, printErr: silent }));
  return arima;
}

function packageVersion(entry: string): string {
  let dir = dirname(require.resolve(entry));
  // Packages without a "./package.json" export: walk up from the entry file to the manifest.
  for (let depth = 0; depth < 4; depth++, dir = dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version?: string };
      if (manifest.version !== undefined) return manifest.version;
    } catch {
      // No manifest at this level: keep walking up.
    }
  }
  return 'unknown';
}

let versions: Readonly<Record<string, string>> | undefined;

/** Installed versions of the statistical libraries, for model metadata and benchmark headers. */
export function statisticalLibraryVersions(): Readonly<Record<string, string>> {
  versions ??= {
    augurs: packageVersion('@bsull/augurs/ets'),
    'augurs-prophet-wasmstan': packageVersion('@bsull/augurs-prophet-wasmstan'),
    arima: packageVersion('arima'),
  };
  return versions;
}
