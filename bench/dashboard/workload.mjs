// The bench's data and dashboard: PANELS charts × SERIES series of `bench_signal`, one new sample
// per series every second, pushed by this process through the text import (so the server does
// no scraping work of its own and the points arrive exactly at 1 Hz), with the whole live window
// back-filled first so the charts hold a full 15 minutes from the start, as on a long-running server.

export const PANELS = 30;
export const SERIES = 5;
export const DASHBOARD_ID = 'bench';
/** The dashboard's live window (its default), back-filled before the page opens. */
export const WINDOW_SECONDS = 15 * 60;

const panelName = (p) => `p${String(p).padStart(2, '0')}`;

/** The dashboard file: six rows of five timeseries panels, one query with SERIES series each. */
export function dashboardYaml() {
  const lines = [`id: ${DASHBOARD_ID}`, 'title: Bench, 30 charts', 'rows:'];
  for (let row = 0; row < PANELS / 5; row++) {
    lines.push(`  - title: Row ${row + 1}`, '    panels:');
    for (let col = 0; col < 5; col++) {
      const p = panelName(row * 5 + col);
      lines.push(
        `      - title: Signal ${p}`,
        '        unit: seconds',
        `        queries: [{ expr: 'bench_signal{panel="${p}"}', legend: '{{series}}' }]`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

function value(p, s, second) {
  const phase = p * 0.7 + s * 1.3;
  return 0.2 + 0.1 * s + 0.05 * Math.sin(second / (20 + p) + phase) + 0.01 * Math.sin(second * 1.7 + phase);
}

/** Text exposition of every series at each of `seconds` (Unix seconds), with explicit timestamps. */
export function samplesText(seconds) {
  const out = ['# TYPE bench_signal gauge'];
  for (const second of seconds) {
    for (let p = 0; p < PANELS; p++) {
      for (let s = 0; s < SERIES; s++) {
        out.push(
          `bench_signal{panel="${panelName(p)}",series="s${s}"} ${value(p, s, second).toFixed(6)} ${second * 1000}`,
        );
      }
    }
  }
  return `${out.join('\n')}\n`;
}

async function push(url, seconds) {
  const res = await fetch(`${url}/api/v1/import/prometheus`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain; version=0.0.4' },
    body: samplesText(seconds),
  });
  if (res.status !== 204) throw new Error(`import answered ${res.status}: ${await res.text()}`);
}

/**
 * Back-fills the window up to now, then pushes one sample per series each second until stopped.
 * Returns { stop(), pushed() }.
 */
export async function startFeed(url) {
  const now = Math.floor(Date.now() / 1000);
  const past = Array.from({ length: WINDOW_SECONDS }, (_, i) => now - WINDOW_SECONDS + i);
  for (let i = 0; i < past.length; i += 120) await push(url, past.slice(i, i + 120));
  let last = now - 1;
  let pushes = 0;
  let failure;
  const tick = async () => {
    const current = Math.floor(Date.now() / 1000);
    if (current <= last) return;
    const due = [];
    for (let s = last + 1; s <= current; s++) due.push(s);
    last = current;
    try {
      await push(url, due);
      pushes++;
    } catch (error) {
      failure ??= error;
    }
  };
  await tick();
  const timer = setInterval(tick, 200);
  return {
    pushed: () => pushes,
    stop() {
      clearInterval(timer);
      if (failure !== undefined) throw failure;
    },
  };
}
