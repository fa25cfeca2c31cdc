import { html, type SafeHtml } from './html';

/** Where the dashboard's stylesheet is served; no CDN, everything comes from this server. */
export const STYLESHEET_PATH = '/dashboard/assets/dashboard.css';

/** A whole page: head, the navigation bar and `body`. */
export function page(title: string, body: SafeHtml): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · metricast</title>
        <link rel="stylesheet" href="${STYLESHEET_PATH}" />
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
