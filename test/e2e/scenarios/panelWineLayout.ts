// The results panel on a wine export whose model is scored as zinfandel, barolo, chianti (sorted
// order would be barolo, chianti, zinfandel): one colour per class in the per-row bars (with their
// legend), the −log p points and the class distribution; the "×k" labels only where they fit; and
// the title bar, which scrolls with the page, covers no heading, plot title or PNG/SVG button.
// Fixture: scikit-learn's load_wine, 5-fold cross_val_predict of a scaled LogisticRegression,
// classes 0, 1, 2 named zinfandel, barolo, chianti (the new-user trial's wine_unnamed.csv).
import type { Scenario } from '../scenario';
import { analyzeFixtureAndShowPanel } from '../panel/panelPage';
import { runCommand } from '../workbench';

/** Browser globals the checks use, typed structurally (the root tsconfig has no DOM lib). */
interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}
interface Node {
  tagName: string;
  className: string;
  textContent: string | null;
  dataset: Record<string, string | undefined>;
  contains(other: Node | null): boolean;
  getBoundingClientRect(): Rect;
  closest(selector: string): Node | null;
  querySelector(selector: string): Node | null;
  getAttribute(name: string): string | null;
}
interface Doc {
  querySelectorAll(selector: string): ArrayLike<Node> & Iterable<Node>;
  elementFromPoint(x: number, y: number): Node | null;
  defaultView: { scrollY: number; innerHeight: number; scrollTo(x: number, y: number): void };
}

export const scenario: Scenario = {
  name: 'panel: wine scored as zinfandel, barolo, chianti has one colour per class in every plot, a legend on the bars, ×k labels that fit, and a title bar that covers nothing when scrolled',
  timeoutMs: 120_000,
  async run({ page, workspace, screenshot }) {
    const frame = await analyzeFixtureAndShowPanel(page, workspace, 'wine-unnamed.csv');
    const app = frame.locator('main#app');

    // The bars and the points name their classes in the colour map's order: the model's.
    const bars = (await frame.locator('canvas[data-plot="row-loss"]').getAttribute('aria-label')) ?? '';
    const points = (await frame.locator('canvas[data-plot="surprisal"]').getAttribute('aria-label')) ?? '';
    for (const [what, label] of [
      ['per-row loss', bars],
      ['−log p', points],
    ] as const) {
      if (!label.includes('coloured by class (zinfandel, barolo, chianti)')) throw new Error(`${what} plot: ${label}`);
    }
    // Near p = 1 many points stand for several rows: only some get a "×k" label.
    const labelled = /the count beside (\d+) of them, where it fits/.exec(points);
    if (!labelled) throw new Error(`−log p plot labels every shared point: ${points}`);

    // Each heading, plot and export button scrolled to the top of the view is itself the element
    // found there, not the title bar (which was sticky and hid them).
    const check = await app.evaluate((root) => {
      const doc = (root as unknown as { ownerDocument: Doc }).ownerDocument;
      const view = doc.defaultView;
      const covered: string[] = [];
      const targets = [...doc.querySelectorAll('h2'), ...doc.querySelectorAll('.plot-toolbar button'), ...doc.querySelectorAll('canvas.plot-canvas')];
      for (const target of targets) {
        view.scrollTo(0, view.scrollY + target.getBoundingClientRect().top - 2);
        const box = target.getBoundingClientRect();
        // A canvas: where its title is drawn (12 px down); anything else: its centre.
        const [x, y] = target.tagName === 'CANVAS' ? [box.left + 40, box.top + 12] : [box.left + box.width / 2, box.top + box.height / 2];
        if (y > view.innerHeight) continue; // the page ends: this one cannot reach the top
        const hit = doc.elementFromPoint(x, y);
        if (!hit || !(hit === target || target.contains(hit))) {
          const name = target.tagName === 'CANVAS' ? `plot ${target.dataset.plot}` : `${target.tagName} "${target.getAttribute('aria-label') ?? target.textContent}"`;
          covered.push(`${name} under ${hit ? `${hit.tagName.toLowerCase()}.${hit.className}` : 'nothing'}`);
        }
      }
      view.scrollTo(0, 0);
      return { checked: targets.length, covered };
    });
    if (check.covered.length > 0) throw new Error(`covered when scrolled to the top: ${check.covered.join('; ')}`);

    // What only the eye can judge, with the panel's group maximized (and the Problems area
    // hidden): the summary scrolled to the top, the bars with their legend, the −log p plot with
    // its "×k" labels near p = 1, the class distribution in the bars' colours.
    if (await page.locator('.part.panel').first().isVisible()) await runCommand(page, 'View: Hide Panel');
    await runCommand(page, 'View: Toggle Maximize Editor Group');
    try {
      const scrollTo = (selector: string) =>
        frame.locator(selector).evaluate((e) => {
          const element = e as unknown as { ownerDocument: Doc; getBoundingClientRect(): Rect };
          const view = element.ownerDocument.defaultView;
          view.scrollTo(0, view.scrollY + element.getBoundingClientRect().top - 2);
        });
      await scrollTo('#section-summary h2');
      await screenshot('summary-scrolled-to-top');
      await scrollTo('#plot-row-loss');
      await screenshot('bars-legend-and-points');
      await scrollTo('#plot-surprisal');
      await screenshot('points-and-counts');
      await scrollTo('#plot-classes');
      await screenshot('class-distribution');
    } finally {
      await runCommand(page, 'View: Toggle Maximize Editor Group');
    }
    return `${labelled[1]} "×k" labels drawn; ${check.checked} headings, buttons and plot titles in view when scrolled to the top`;
  },
};
