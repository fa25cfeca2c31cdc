/**
 * HTML built by tagged templates that escape every interpolated value, so a series name like
 * `<script>` is text wherever it lands. Only `SafeHtml` (from `html` itself or `trustedHtml`) is
 * inserted as markup.
 */

/** A fragment of markup that is already safe to insert. */
export class SafeHtml {
  constructor(readonly markup: string) {}
  toString(): string {
    return this.markup;
  }
}

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text as it must appear in HTML content or a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** Values render as text; null and undefined as nothing; arrays as their items, in order. */
function render(value: unknown): string {
  if (value instanceof SafeHtml) return value.markup;
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return value.map(render).join('');
  if (typeof value === 'string') return escapeHtml(value);
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    return String(value);
  // A plain object would print as "[object Object]": a caller's bug, not something to show.
  throw new TypeError(`html value must be text, a number or SafeHtml, got ${typeof value}`);
}

/** `html\`<td>${name}</td>\`` escapes `name`; nested `html` fragments pass through as markup. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}

/**
 * Markup from a source that escapes its own text: the chart SVG, which Vega writes with every label
 * and title escaped (the plot tests check it with a `<script>` title).
 */
export function trustedHtml(markup: string): SafeHtml {
  return new SafeHtml(markup);
}
