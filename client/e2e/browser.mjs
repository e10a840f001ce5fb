// What the browser scripts share: the headless Chromium they drive, axe-core's WCAG run, the
// screenshots at the two widths the product is checked at, and how a failed step is printed.
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const WIDTHS = [360, 1280];

export function launchChromium() {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: FLAGS, headless: true });
}

/** Runs axe (WCAG 2 A and AA, best practices) on the page: every violation, and the serious and critical ones. */
export async function axeViolations(page) {
  await page.addScriptTag({ content: AXE_SOURCE });
  const { violations } = await page.evaluate(() => window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'best-practice'] }));
  const blocking = violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  return { violations, blocking };
}

/** The CSS selectors of a violation's first three nodes. */
export const targetsOf = (violation) =>
  violation.nodes
    .map((n) => n.target.join(' '))
    .slice(0, 3)
    .join(', ');

/** Full-page screenshots at each width into `${pathPrefix}-${width}.png`, waiting `settleMs` for the layout. */
export async function screenshotsAtWidths(page, pathPrefix, settleMs) {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: width === 360 ? 780 : 900 });
    await page.waitForTimeout(settleMs);
    await page.screenshot({ path: `${pathPrefix}-${width}.png`, fullPage: true });
  }
}

/** Prints a failed step: its name and the first lines of the error. */
export function printFailure(name, error, lines) {
  console.log(
    `  ✗ ${name}\n    ${String(error?.message ?? error)
      .split('\n')
      .slice(0, lines)
      .join('\n    ')}`,
  );
}

/**
 * axe at 360 and 1280 px, and nothing wider than the screen at either, then back to the page's own
 * size. `checkA11y(page, label)` is the runner's (it records the findings).
 */
export async function checkBothWidths(page, label, checkA11y) {
  const original = page.viewportSize();
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: width === 360 ? 780 : 900 });
    await page.waitForTimeout(100);
    await checkA11y(page, `${label}-${width}`);
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    if (scrollWidth > width) throw new Error(`${label} is ${scrollWidth} px wide at ${width} px`);
  }
  await page.setViewportSize(original);
}
