import { inputError } from './errors';

/**
 * Parses JSON text for ingestion. `JSON.parse` silently keeps the last of two equal keys in one
 * object, so `{"Values":[1],"Values":[1,2]}` would be read as whatever came last; here a repeated
 * key is an error naming its path. A leading UTF-8 byte-order mark is dropped.
 */
export function parseJsonText(text: string, file: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(body) as unknown;
  } catch (cause) {
    throw inputError({ file, field: 'document', cause }, `must be valid JSON (${(cause as Error).message})`);
  }
  const duplicate = findDuplicateKey(body);
  if (duplicate)
    throw inputError({ file, field: duplicate.path, value: duplicate.key }, 'must not repeat a key');
  return value;
}

/** One open object or array while scanning. */
interface Frame {
  readonly path: string;
  readonly keys?: Set<string>;
  /** Array: index of the current element. Object: the last key read. */
  index: number;
  key: string;
  expectKey: boolean;
}

/**
 * The first key that occurs twice in one object of already valid JSON, with the object's path
 * (`MetricDataResults[0]`), or undefined. A single pass over the text; strings are skipped whole.
 */
export function findDuplicateKey(text: string): { path: string; key: string } | undefined {
  const stack: Frame[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const top = stack[stack.length - 1];
    if (c === 34 /* " */) {
      const end = stringEnd(text, i);
      if (top?.keys && top.expectKey) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (top.keys.has(key)) return { path: top.path || 'document', key };
        top.keys.add(key);
        top.key = key;
        top.expectKey = false;
      }
      i = end;
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      const path = top ? childPath(top) : '';
      stack.push({ path, keys: c === 123 ? new Set() : undefined, index: 0, key: '', expectKey: c === 123 });
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      stack.pop();
    } else if (c === 44 /* , */ && top) {
      if (top.keys) top.expectKey = true;
      else top.index++;
    }
  }
  return undefined;
}

function childPath(parent: Frame): string {
  if (!parent.keys) return `${parent.path}[${parent.index}]`;
  return parent.path ? `${parent.path}.${parent.key}` : parent.key;
}

/** Index of the closing quote of the string opening at `start`. */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 92 /* \ */) i += 2;
    else if (c === 34) return i;
    else i++;
  }
  return i;
}
