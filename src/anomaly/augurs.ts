/**
 * Loading augurs' changepoint and outlier wasm modules once per process, the way
 * `src/forecast/baselines/wasm.ts` loads its models: the packages are wasm-bindgen "web" ES
 * modules, so we import them with a real dynamic `import()` and initialise them from the `.wasm`
 * file on disk.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as ChangepointModule from '@bsull/augurs/changepoint';
import type * as OutlierModule from '@bsull/augurs/outlier';

// A Function-built import() is never rewritten to require() by the TypeScript compiler.
// eslint-disable-next-line @typescript-eslint/no-implied-eval
const importModule = new Function('url', 'return import(url)') as (url: string) => Promise<unknown>;

interface WasmBindgenModule {
  initSync(init: { module: Uint8Array }): unknown;
}

const cache = new Map<string, Promise<unknown>>();

function load<T extends WasmBindgenModule>(name: 'changepoint' | 'outlier'): Promise<T> {
  let loaded = cache.get(name) as Promise<T> | undefined;
  if (loaded === undefined) {
    loaded = (async () => {
      const file = require.resolve(`@bsull/augurs/${name}`);
      const module = (await importModule(pathToFileURL(file).href)) as T;
      module.initSync({ module: readFileSync(join(dirname(file), `${name}_bg.wasm`)) });
      return module;
    })();
    cache.set(name, loaded);
    // A failed load is not cached, so a later call can retry.
    loaded.catch(() => cache.delete(name));
  }
  return loaded;
}

/** augurs' changepoint bindings, initialised. */
export function loadChangepoint(): Promise<typeof ChangepointModule> {
  return load<typeof ChangepointModule>('changepoint');
}

/** augurs' outlier bindings (MAD and DBSCAN over groups of series), initialised. */
export function loadOutlier(): Promise<typeof OutlierModule> {
  return load<typeof OutlierModule>('outlier');
}
