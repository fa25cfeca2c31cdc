// Prints the README's settings table from the config schema, so the docs cannot drift from the code.
import { listSettings } from '../src/config';

function defaultOf(schema: { safeParse(v: unknown): { success: boolean; data?: unknown } }): string {
  const parsed = schema.safeParse(undefined);
  if (!parsed.success || parsed.data === undefined) return '';
  const value = parsed.data;
  return Array.isArray(value) ? value.join(',') : JSON.stringify(value).replace(/^"|"$/g, '');
}

console.log('| setting | environment | default | meaning |');
console.log('|---|---|---|---|');
for (const s of listSettings()) {
  const fallback = s.secret ? '(secret: environment only)' : `\`${defaultOf(s.schema)}\``;
  console.log(`| \`${s.path}\` | \`${s.env}\` | ${fallback} | ${s.description} |`);
}
