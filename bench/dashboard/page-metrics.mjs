// What a dashboard costs the page's main thread, from Chrome's own counters (CDP
// Performance.getMetrics: TaskDuration is the time the renderer's main thread spent in tasks)
// and long tasks (PerformanceObserver 'longtask', over 50 ms each).

/** Installs the long-task observer before the app's code runs. */
export async function observeLongTasks(page) {
  await page.addInitScript(() => {
    const tasks = [];
    globalThis.__benchLongTasks = tasks;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) tasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
}

export async function longTasksSince(page, sinceMs) {
  return page.evaluate((since) => globalThis.__benchLongTasks.filter((t) => t.start >= since), sinceMs);
}

/**
 * `timeDomain` 'timeTicks' (default) measures task durations in wall time: busy time as the page
 * experiences it, which grows when the machine is loaded and the thread waits for a CPU;
 * 'threadTicks' measures the thread's CPU time, which does not.
 */
export async function metricsSession(page, timeDomain = 'timeTicks') {
  const session = await page.context().newCDPSession(page);
  await session.send('Performance.enable', { timeDomain });
  const read = async () => {
    const { metrics } = await session.send('Performance.getMetrics');
    return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
  };
  return {
    read,
    /**
     * JS heap in use after full collections, the least of three readings 2 s apart: a reading
     * taken while a frame's data is being merged sees that garbage as live (spikes of ~1.3 MB in
     * a 5-minute run, gone at the next reading), the least one is what the page holds.
     */
    async heapAfterGc() {
      let least;
      for (let i = 0; i < 3; i++) {
        if (i > 0) await new Promise((resolve) => setTimeout(resolve, 2_000));
        await session.send('HeapProfiler.collectGarbage');
        await session.send('HeapProfiler.collectGarbage');
        const m = await read();
        if (least === undefined || m.JSHeapUsedSize < least.heap) {
          least = { heap: m.JSHeapUsedSize, nodes: m.Nodes, listeners: m.JSEventListeners };
        }
      }
      return least;
    },
  };
}

/** Main-thread busy share and its parts between two metric readings, over `wallMs`. */
export function busyBetween(a, b, wallMs) {
  const seconds = (key) => (b[key] ?? 0) - (a[key] ?? 0);
  const wall = wallMs / 1000;
  return {
    busy: seconds('TaskDuration') / wall,
    script: seconds('ScriptDuration') / wall,
    layout: (seconds('LayoutDuration') + seconds('RecalcStyleDuration')) / wall,
  };
}
