// The dashboard end to end: `telemeter serve --demo` in a child process (live.interval 1s, one
// user dashboard) and the built UI in headless Chromium. Live charts move, the time range
// switches to query_range, Explore runs queries and marks parse errors, user dashboards from
// telemeter.yml appear, every view has one h1 and the range picker only where it applies;
// screenshots of the main views go to packages/dashboard/test-artifacts/.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '@telemeter/testkit';
import type { Browser, Download, Page } from 'playwright-core';
import { artifactPath, CHROMIUM_MISSING, collectPageErrors, launchBrowser } from './testing/browser.js';
import { type DemoServer, startDemoServer } from './testing/demo-server.js';
import {
  countStreamMessages,
  legendTime,
  pageOutline,
  SCREENSHOT_VIEWS,
  VIEW_OUTLINES,
  waitForView,
} from './testing/views.js';

const USER_DASHBOARD = `id: e2e
title: E2E checks
rows:
  - panels:
      - title: Targets up
        queries: [{ expr: sum by (job) (up), legend: "{{job}}" }]
`;

/** The part of an exported Grafana dashboard the test reads. */
interface Exported {
  title: string;
  __inputs: { pluginId: string }[];
  panels: { type: string; title: string; targets?: { expr: string; legendFormat: string }[] }[];
}

/**
 * Range queries over 15 minutes (Explore's graph, the 15m picker) ask for points every 5 s; a
 * server started seconds ago may not hold data at such a point yet. Waits until it does.
 */
function rangeDataExists(url: string): Promise<true> {
  return waitFor('a range query with data', async () => {
    const end = Math.floor(Date.now() / 5_000) * 5;
    const res = await fetch(`${url}/api/v1/query_range?query=up&start=${end - 60}&end=${end}&step=5`);
    const body = (await res.json()) as { data: { result: unknown[] } };
    return body.data.result.length > 0 ? true : undefined;
  });
}

const name =
  CHROMIUM_MISSING === undefined
    ? 'the dashboard in Chromium'
    : `the dashboard in Chromium (skipped: ${CHROMIUM_MISSING})`;

describe(name, { skip: CHROMIUM_MISSING !== undefined }, () => {
  let server: DemoServer;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];
  let streamMessages: Map<string, number>;

  before(async () => {
    // Both at once, but keep whichever started, so after() stops it when the other failed.
    const [started, launched] = await Promise.allSettled([
      startDemoServer({
        // Live points every second, and the server's own metrics (HTTP, memory) every second
        // too, so the charts have data within seconds of the start.
        config:
          'live: { interval: 1s }\nself_monitoring: { interval: 1s }\ndashboards: { files: [e2e.yml] }\n',
        files: { 'e2e.yml': USER_DASHBOARD },
      }),
      launchBrowser(),
    ]);
    if (started.status === 'fulfilled') server = started.value;
    if (launched.status === 'fulfilled') browser = launched.value;
    if (started.status === 'rejected') throw started.reason;
    if (launched.status === 'rejected') throw launched.reason;
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    pageErrors = collectPageErrors(page);
    streamMessages = countStreamMessages(page);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('draws the overview and moves its charts with live points from the stream', async () => {
    await page.goto(`${server.url}/#/overview`);
    await waitForView(page, 'overview');
    await page.waitForFunction(() => document.querySelectorAll('.ts-chart canvas').length >= 1, undefined, {
      timeout: 10_000,
    });
    await page.waitForFunction(
      () => document.querySelector('.ts-chart .u-legend .u-series:first-child .u-value')?.textContent?.trim(),
      undefined,
      { timeout: 10_000 },
    );
    const first = await legendTime(page);
    const updatesBefore = streamMessages.get('metrics_update') ?? 0;
    // With live.interval 1s each subscription gets a point a second; the legend shows the newest.
    await page.waitForFunction(
      (before) => {
        const now = document.querySelector('.ts-chart .u-legend .u-series:first-child .u-value')?.textContent;
        return now !== undefined && now !== null && now !== before;
      },
      first,
      { timeout: 8_000, polling: 200 },
    );
    assert.ok((streamMessages.get('initial_data') ?? 0) >= 10, JSON.stringify([...streamMessages]));
    assert.ok(
      (streamMessages.get('metrics_update') ?? 0) > updatesBefore,
      JSON.stringify([...streamMessages]),
    );
    assert.equal(await page.locator('[data-connection]').getAttribute('data-connection'), 'live');
  });

  it('lists the dashboards of telemeter.yml in the nav and draws them', async () => {
    await page.goto(`${server.url}/#/overview`);
    await page.locator('nav a', { hasText: 'E2E checks' }).click();
    await page.waitForFunction(() => window.location.hash.startsWith('#/d/e2e'));
    await waitForView(page, 'd/e2e');
    await page.locator('.dashboard[data-dashboard="e2e"] .ts-chart canvas').first().waitFor();
    assert.deepEqual((await pageOutline(page)).h1s, ['E2E checks']);
    assert.match(
      (await page.locator('.dashboard[data-dashboard="e2e"] .u-legend').textContent()) ?? '',
      /telemeter/,
    );
  });

  it('downloads a user dashboard, one of its panels from the keyboard, and a built-in view as Grafana JSON', async () => {
    await page.goto(`${server.url}/#/d/e2e`);
    await waitForView(page, 'd/e2e');
    const readDownload = async (download: Download) => {
      const path = await download.path();
      return {
        name: download.suggestedFilename(),
        json: JSON.parse(await readFile(path, 'utf8')) as Exported,
      };
    };
    const [whole] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export to Grafana' }).click(),
    ]);
    const dashboard = await readDownload(whole);
    assert.equal(dashboard.name, 'e2e.grafana.json');
    assert.equal(dashboard.json.title, 'E2E checks');
    assert.deepEqual(
      dashboard.json.__inputs.map((i) => i.pluginId),
      ['prometheus'],
    );
    assert.deepEqual(
      dashboard.json.panels.map((p) => [p.type, p.title, p.targets?.[0]?.expr, p.targets?.[0]?.legendFormat]),
      [['timeseries', 'Targets up', 'sum by (job) (up)', '{{job}}']],
    );

    const panelLink = page.getByRole('link', { name: 'Export panel “Targets up” to Grafana' });
    await panelLink.focus();
    const [one] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    const panel = await readDownload(one);
    assert.equal(panel.name, 'e2e-panel-0.grafana.json');
    assert.equal(panel.json.title, 'E2E checks: Targets up');
    assert.deepEqual(
      panel.json.panels.map((p) => [p.type, p.title]),
      [['timeseries', 'Targets up']],
    );
    // The built-in views export the same way (the server reads them from the dashboard's build).
    await page.goto(`${server.url}/#/overview`);
    await waitForView(page, 'overview');
    const [builtin] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export to Grafana' }).click(),
    ]);
    const overview = await readDownload(builtin);
    assert.equal(overview.name, 'overview.grafana.json');
    assert.equal(overview.json.title, 'Overview');
    assert.ok(overview.json.panels.length > 5, 'the Overview has its panels');
  });

  it('runs an Explore query and shows it as a chart and a table', async () => {
    await rangeDataExists(server.url);
    await page.goto(`${server.url}/#/explore`);
    await waitForView(page, 'explore');
    await page.getByLabel('PromQL query').fill('sum by (job) (up)');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.locator('.tm-explore__result .ts-chart canvas').waitFor({ timeout: 10_000 });
    assert.match((await page.locator('.tm-explore__result .u-legend').textContent()) ?? '', /telemeter/);
    await page.getByRole('tab', { name: 'Table' }).click();
    await page.locator('.tm-explore__result table tbody tr').first().waitFor({ timeout: 10_000 });
    assert.match((await page.locator('.tm-explore__result table').textContent()) ?? '', /telemeter/);
    await page.getByRole('tab', { name: 'Graph' }).click();
  });

  it('marks a PromQL parse error inline, where the parser stopped', async () => {
    const editor = page.getByLabel('PromQL query');
    await editor.fill('sum(rate(up[5m])');
    const error = page.locator('.tm-query-error');
    await error.waitFor({ timeout: 5_000 });
    assert.match((await error.textContent()) ?? '', /unclosed left parenthesis/);
    assert.equal(await editor.getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('.tm-editor__error').count(), 1);
    await editor.fill('sum(rate(up[5m]))');
    await error.waitFor({ state: 'detached', timeout: 5_000 });
    assert.equal(await editor.getAttribute('aria-invalid'), 'false');
  });

  it('fetches a past range with query_range, keeps it in the URL, and goes back to live', async () => {
    await rangeDataExists(server.url);
    await page.goto(`${server.url}/#/overview`);
    await waitForView(page, 'overview');
    const rangeQuery = page.waitForRequest((r) => r.url().includes('/api/v1/query_range'));
    await page.locator('.range-picker .seg', { hasText: /^15m$/ }).click();
    await rangeQuery;
    await page.waitForFunction(() => window.location.hash.includes('range=15m'));
    assert.equal(
      await page.locator('.range-picker .seg', { hasText: /^15m$/ }).getAttribute('aria-pressed'),
      'true',
    );
    assert.equal(await page.locator('.range-picker .seg-live').getAttribute('aria-pressed'), 'false');
    await page.locator('.range-bounds').waitFor();
    // The demo has run for seconds only, so rates over the 15m grid may still be empty; the gauges
    // (memory, event-loop delay) have points.
    await page.waitForFunction(() => document.querySelectorAll('.ts-chart canvas').length >= 1, undefined, {
      timeout: 10_000,
    });
    await waitForView(page, 'overview');
    assert.equal(await page.locator('[data-panel-state="error"]').count(), 0);

    await page.locator('.range-picker .seg-live').click();
    await page.waitForFunction(() => !window.location.hash.includes('range='));
    await waitForView(page, 'overview');
    assert.equal(await page.locator('.range-bounds').count(), 0);
  });

  it('renders the main views light and dark, on a desktop and a phone, without errors', async () => {
    const shots: string[] = [];
    const sizes = [
      { label: '1280x800', viewport: { width: 1280, height: 800 } },
      { label: '390x844', viewport: { width: 390, height: 844 } },
    ];
    const themes = ['light', 'dark'] as const;
    // One page per size and theme, in parallel: each walks the views in turn.
    await Promise.all(
      sizes.flatMap((size) =>
        themes.map(async (theme) => {
          const context = await browser.newContext({ viewport: size.viewport, colorScheme: theme });
          const shotPage = await context.newPage();
          const errors = collectPageErrors(shotPage);
          try {
            await shotPage.goto(`${server.url}/#/${SCREENSHOT_VIEWS[0]}`);
            for (const view of SCREENSHOT_VIEWS) {
              // A hash change, as the nav links do: the app stays loaded.
              await shotPage.evaluate((path) => {
                window.location.hash = `#/${path}`;
              }, view);
              await waitForView(shotPage, view);
              if (view === 'explore') {
                await shotPage
                  .getByLabel('PromQL query')
                  .fill('sum by (job) (rate(http_server_request_duration_seconds_count[1m]))');
                await shotPage.getByRole('button', { name: 'Run', exact: true }).click();
                await shotPage.locator('.tm-explore__result .ts-chart canvas').waitFor({ timeout: 10_000 });
              }
              assert.equal(await shotPage.evaluate(() => document.documentElement.dataset.theme), theme);
              // One h1 per view, in the main landmark; the range picker only where the view uses it.
              const expected = VIEW_OUTLINES[view];
              assert.deepEqual(
                await pageOutline(shotPage),
                {
                  h1s: [expected.title],
                  h1InMain: true,
                  pickers: expected.picker ? 1 : 0,
                  landmarks: { banner: 1, navigation: 1, main: 1 },
                },
                `${view} ${theme} ${size.label}`,
              );
              const file = artifactPath(`${view}-${theme}-${size.label}.png`);
              await shotPage.screenshot({ path: file, fullPage: true });
              shots.push(file);
            }
            assert.deepEqual(errors, [], `${theme} ${size.label}`);
          } finally {
            await context.close();
          }
        }),
      ),
    );
    assert.equal(shots.length, SCREENSHOT_VIEWS.length * sizes.length * themes.length);
    assert.deepEqual(pageErrors, []);
  });
});
