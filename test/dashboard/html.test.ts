import assert from 'node:assert/strict';
import { escapeHtml, html, trustedHtml } from '../../src/dashboard/html';

describe('dashboard/html', () => {
  it('escapes every interpolated value, in text and in quoted attributes', () => {
    const name = `<img src=x onerror="alert('x')">&`;
    assert.equal(
      html`<a title="${name}">${name}</a>`.markup,
      '<a title="&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;&amp;">' +
        '&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;&amp;</a>',
    );
    assert.equal(escapeHtml('a<b'), 'a&lt;b');
  });

  it('inserts nested fragments and trusted markup as they are, lists in order, nothing for null', () => {
    // Through an alias: Prettier reformats templates tagged `html`, which would change the expected text.
    const tag = html;
    const items = ['<1>', '2'].map((v) => tag`<li>${v}</li>`);
    assert.equal(
      tag`<ul>${items}</ul>${null}${undefined}${trustedHtml('<svg></svg>')}${3}`.markup,
      '<ul><li>&lt;1&gt;</li><li>2</li></ul><svg></svg>3',
    );
  });

  it('refuses a plain object rather than printing [object Object]', () => {
    assert.throws(() => html`${{ a: 1 }}`, /html value must be text, a number or SafeHtml, got object/);
  });
});
