import { ASSETS } from './assets';
import { html, type SafeHtml } from './html';

/** What a page loads besides the stylesheet: scripts and styles of this server only. */
export interface PageExtras {
  readonly styles?: readonly string[];
  readonly scripts?: readonly string[];
}

/** A whole page: head, the navigation bar and `body`. */
export function page(title: string, body: SafeHtml, extras: PageExtras = {}): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · metricast</title>
        <link rel="icon" href="${ASSETS.favicon}" />
        <link rel="stylesheet" href="${ASSETS.stylesheet}" />
        ${(extras.styles ?? []).map((href) => html`<link rel="stylesheet" href="${href}" />`)}
        ${(extras.scripts ?? []).map((src) => html`<script src="${src}" defer></script>`)}
      </head>
      <body>
        <nav>
          <a href="/" class="brand">metricast</a><a href="/">series</a>
          <form method="post" action="/logout" class="logout"><button type="submit">log out</button></form>
        </nav>
        <main>${body}</main>
      </body>
    </html> `.markup;
}

/** A table with a header row, or a "none" line when there are no rows. */
export function table(
  caption: string,
  headers: readonly string[],
  rows: readonly SafeHtml[],
  id?: string,
): SafeHtml {
  if (rows.length === 0)
    return html`<section${id ? html` id="${id}"` : ''}><h2>${caption}</h2><p class="none">none</p></section>`;
  return html`<section${id ? html` id="${id}"` : ''}><h2>${caption}</h2>
<table><thead><tr>${headers.map((h) => html`<th>${h}</th>`)}</tr></thead>
<tbody>${rows}</tbody></table></section>`;
}
