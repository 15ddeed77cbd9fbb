// The panel's HTML shell: a strict Content-Security-Policy with a fresh nonce, the bundled script
// and stylesheet from dist/ and media/, and nothing else (no remote resources, no inline code).
import * as crypto from 'node:crypto';

/** A 128-bit random nonce, base64 — unguessable per page load. */
export function createNonce(): string {
  return crypto.randomBytes(16).toString('base64');
}

/** Where the page's assets live, already converted with `webview.asWebviewUri`. */
export interface PanelHtmlAssets {
  readonly cspSource: string;
  readonly scriptUri: string;
  readonly styleUri: string;
  readonly nonce: string;
}

/**
 * Build the webview HTML. `default-src 'none'`; the script only with the nonce; styles only from
 * the extension (the script's CSSOM changes are allowed by CSP, inline style attributes are not);
 * images only from the extension and data: URLs. Pure, so it is unit-tested.
 * Example: `renderPanelHtml({cspSource: 'https://x', scriptUri, styleUri, nonce: 'abc'})` contains
 * `script-src 'nonce-abc'`.
 */
export function renderPanelHtml(assets: PanelHtmlAssets): string {
  const csp = ["default-src 'none'", `img-src ${assets.cspSource} data:`, `style-src ${assets.cspSource}`, `font-src ${assets.cspSource}`, `script-src 'nonce-${assets.nonce}'`].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttribute(assets.styleUri)}">
<title>Entropy Lens Results</title>
</head>
<body>
<main id="app" aria-live="polite"><p class="hint">Loading…</p></main>
<script nonce="${escapeAttribute(assets.nonce)}" src="${escapeAttribute(assets.scriptUri)}"></script>
</body>
</html>`;
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
