import { inputError } from './errors';

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes the bytes of an ingest file as UTF-8 (a UTF-8 byte-order mark is dropped). Reading with
 * `'utf8'` would turn a UTF-16 or Latin-1 file into replacement characters and a puzzling header
 * or value error; this names the encoding problem and where it is instead.
 */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  const bom = bytes.length >= 2 ? (bytes[0]! << 8) | bytes[1]! : -1;
  if (bom === 0xfffe || bom === 0xfeff) {
    const which = bom === 0xfffe ? 'UTF-16 LE (FF FE)' : 'UTF-16 BE (FE FF)';
    throw inputError(
      { file, field: 'encoding', value: 'UTF-16' },
      `must be UTF-8; the file starts with the byte-order mark of ${which}`,
    );
  }
  let text: string;
  try {
    text = STRICT_UTF8.decode(bytes);
  } catch {
    throw invalidByte(bytes, file);
  }
  const nul = text.indexOf('\u0000');
  if (nul !== -1)
    throw inputError(
      { file, line: lineAt(text, nul), field: 'encoding', value: 'NUL byte' },
      'must be UTF-8 text without NUL bytes (UTF-16 without a byte-order mark looks like this)',
    );
  return text;
}

/** The first byte that is not valid UTF-8, with its line (e.g. Latin-1 `é` as the lone byte 0xE9). */
function invalidByte(bytes: Uint8Array, file: string): Error {
  const lossy = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  const at = Math.max(0, lossy.indexOf('\ufffd'));
  const offset = Buffer.byteLength(lossy.slice(0, at));
  const byte = bytes[offset] ?? 0;
  return inputError(
    { file, line: lineAt(lossy, at), field: 'encoding', value: `byte 0x${byte.toString(16).toUpperCase()}` },
    `must be UTF-8; byte ${offset} is not (Latin-1 or Windows-1252 text looks like this)`,
  );
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
