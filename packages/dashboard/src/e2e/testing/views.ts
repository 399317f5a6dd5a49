// What the end-to-end tests wait for on a page of the dashboard.
import type { Page } from 'playwright-core';

/** The views the screenshots cover, by their hash path. */
export const SCREENSHOT_VIEWS = ['overview', 'system', 'http', 'operations', 'targets', 'explore'] as const;

/** Waits until the routed view has finished loading: panels with data or an answer, tables filled. */
export async function waitForView(page: Page, path: string): Promise<void> {
  await page.waitForFunction(
    (view) => {
      const main = document.querySelector('#main');
      if (main === null) return false;
      if (main.querySelector('.view-message') !== null && /Loading/.test(main.textContent ?? ''))
        return false;
      if (view === 'explore') return main.querySelector('.tm-explore') !== null;
      if (view === 'targets' || view === 'operations') {
        return (
          main.querySelector('.tm-view') !== null &&
          !/Loading (targets|operations)…/.test(main.textContent ?? '')
        );
      }
      const panels = [...main.querySelectorAll<HTMLElement>('[data-panel-state]')];
      return panels.length > 0 && panels.every((p) => p.dataset.panelState !== 'loading');
    },
    path,
    { timeout: 10_000, polling: 100 },
  );
}

/** The "Time:" value of a chart's legend: without a cursor on the chart, the newest point's time. */
export function legendTime(page: Page, chartIndex = 0): Promise<string | undefined> {
  return page.evaluate((i) => {
    const chart = document.querySelectorAll('.ts-chart')[i];
    return chart?.querySelector('.u-legend .u-series:first-child .u-value')?.textContent ?? undefined;
  }, chartIndex);
}

/** Counts the live stream's messages by type, for every WebSocket the page opens. */
export function countStreamMessages(page: Page): Map<string, number> {
  const counts = new Map<string, number>();
  page.on('websocket', (ws) => {
    ws.on('framereceived', ({ payload }) => {
      try {
        const type = (JSON.parse(String(payload)) as { type?: unknown }).type;
        if (typeof type === 'string') counts.set(type, (counts.get(type) ?? 0) + 1);
      } catch {
        counts.set('unparsable', (counts.get('unparsable') ?? 0) + 1);
      }
    });
  });
  return counts;
}

/** What the page shows as headings and controls of the shell, for the one-h1 and picker checks. */
export interface PageOutline {
  /** The text of every h1 on the page. */
  readonly h1s: string[];
  /** Whether the h1 is inside the main landmark (where the skip link and landmark navigation go). */
  readonly h1InMain: boolean;
  /** How many time-range pickers the page shows. */
  readonly pickers: number;
  /** The landmarks by role: banner, navigation, main. */
  readonly landmarks: { banner: number; navigation: number; main: number };
}

export function pageOutline(page: Page): Promise<PageOutline> {
  return page.evaluate(() => {
    const h1s = [...document.querySelectorAll('h1')];
    return {
      h1s: h1s.map((h) => h.textContent?.trim() ?? ''),
      h1InMain: h1s.length > 0 && h1s.every((h) => h.closest('main') !== null),
      pickers: document.querySelectorAll('.range-picker').length,
      landmarks: {
        // A header is a banner unless it sits in main or in sectioning content (ARIA in HTML).
        banner: [...document.querySelectorAll('header')].filter(
          (h) => h.closest('main, section, article, aside, nav') === null,
        ).length,
        navigation: document.querySelectorAll('nav').length,
        main: document.querySelectorAll('main').length,
      },
    };
  });
}

/** The title each view shows as its one h1, and whether it offers the time-range picker. */
export const VIEW_OUTLINES: Readonly<
  Record<(typeof SCREENSHOT_VIEWS)[number], { title: string; picker: boolean }>
> = {
  overview: { title: 'Overview', picker: true },
  system: { title: 'System', picker: true },
  http: { title: 'HTTP', picker: true },
  operations: { title: 'Operations', picker: true },
  targets: { title: 'Targets', picker: false },
  explore: { title: 'Explore', picker: true },
};
