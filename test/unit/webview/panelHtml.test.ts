import { describe, expect, it } from 'vitest';
import { createNonce, renderPanelHtml } from '../../../src/host/panel/panelHtml';

describe('panel HTML shell', () => {
  const html = renderPanelHtml({
    cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
    scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js',
    styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/panel.css',
    nonce: 'abc123',
  });

  it('has a strict CSP: nothing by default, scripts only with the nonce, no inline styles', () => {
    const csp = /content="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'nonce-abc123'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toMatch(/https?:\/\/(?!file\+\.vscode-resource)/);
  });

  it('loads exactly one script, with the nonce, from dist', () => {
    expect(html.match(/<script/g)?.length).toBe(1);
    expect(html).toContain('<script nonce="abc123" src="https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js"></script>');
  });

  it('makes a fresh 128-bit nonce each time', () => {
    const a = createNonce();
    expect(Buffer.from(a, 'base64').length).toBe(16);
    expect(createNonce()).not.toBe(a);
  });
});
