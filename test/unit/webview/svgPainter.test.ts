import { describe, expect, it } from 'vitest';
import { SvgPainter, escapeXml } from '../../../src/webview/chart/svgPainter';

describe('SVG export painter', () => {
  it('writes a standalone SVG with the drawn shapes', () => {
    const painter = new SvgPainter(200, 100, '#fff', 'Loss histogram');
    painter.rect(1, 2, 3, 4, '#f00', 0.5);
    painter.polyline([0, 10, NaN, 20], [0, 10, 5, 20], '#00f');
    painter.circle(5, 5, 2, '#0f0');
    const svg = painter.toString();
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"')).toBe(true);
    expect(svg).toContain('<rect x="1" y="2" width="3" height="4" fill="#f00" fill-opacity="0.50"/>');
    expect(svg).toContain('d="M0 0L10 10M20 20"');
    expect(svg).toContain('<circle cx="5" cy="5" r="2" fill="#0f0"/>');
    expect(svg.endsWith('</svg>')).toBe(true);
  });

  it('escapes text so a data label cannot become markup', () => {
    const painter = new SvgPainter(10, 10, '#000', 't');
    painter.text(0, 0, '<img src=x onerror=alert(1)>', { color: '#fff' });
    const svg = painter.toString();
    expect(svg).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(svg).not.toContain('<img');
    expect(escapeXml(`"&'`)).toBe('&quot;&amp;&apos;');
  });
});
