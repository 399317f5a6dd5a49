// Business metrics: an application's own domain metrics, defined the way a product would define
// them, for an autonomous-development service (an agent that picks up issues, plans, writes code,
// runs tests, opens pull requests and escalates to a human when it should). Explained in
// docs/kits/business-metrics.md.
//
//   npm run build && node examples/business-metrics.mjs [prometheus|openmetrics|json]
//
// Run directly, it simulates a batch of 40 issues with a seeded random generator (the same numbers on
// every run) and prints the exposition. Durations of issues, AI requests and test runs are simulated
// values (nobody waits hours in an example); the workflow steps are real async functions, measured
// by @telemeter/kits/operations. Imported, it only exports createAutodevMetrics().
import { realpathSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Counter, Gauge, Histogram, Registry } from '../packages/core/dist/esm/index.js';
import { createOperationTracker } from '../packages/kits/dist/esm/operations/index.js';

// ---- Label values are closed sets, written down once ------------------------------------------
// Every label value below comes from one of these lists (or from configuration): never an issue
// number, a PR URL, a branch, a user, a prompt or an error message — each of those would make a new
// time series per issue, and the TSDB pays for every series for weeks.

/** How an issue left the system. */
export const ISSUE_OUTCOMES = ['completed', 'escalated', 'failed', 'skipped'];
/** Issue kinds. GitHub labels are free text edited by anyone: map them onto this set (see issueKind). */
export const ISSUE_KINDS = ['bug', 'feature', 'chore', 'docs', 'other'];
/** Why the agent handed an issue to a human. */
export const ESCALATION_REASONS = [
  'tests_failing',
  'ambiguous_requirements',
  'needs_permission',
  'budget_exceeded',
  'max_iterations',
];
/** Token kinds as the model APIs bill them. */
export const TOKEN_TYPES = ['input', 'output', 'cache_read', 'cache_write'];
/** Queues an issue moves through. */
export const QUEUES = ['triage', 'implementation', 'review'];
/** What an AI request was for (not the prompt: the purpose). */
export const AI_PURPOSES = ['plan', 'code', 'review', 'summarize'];
/** Test suites the agent runs. */
export const TEST_SUITES = ['unit', 'integration', 'e2e'];
/** APIs whose rate limits the service can hit. */
export const RATE_LIMITED_APIS = ['model', 'github'];

/** A GitHub label set → one ISSUE_KINDS value. Unknown labels fall into `other`, never into a new series. */
export function issueKind(githubLabels) {
  const names = githubLabels.map((label) => label.toLowerCase());
  if (names.some((n) => n === 'bug' || n.startsWith('type: bug'))) return 'bug';
  if (names.some((n) => n === 'enhancement' || n === 'feature')) return 'feature';
  if (names.includes('documentation') || names.includes('docs')) return 'docs';
  if (names.includes('chore') || names.includes('dependencies')) return 'chore';
  return 'other';
}

// ---- Buckets: chosen per quantity, around the thresholds people will ask about ------------------

/**
 * Issue completion, pickup → terminal state: minutes to days. 1, 5, 10, 30 min resolve the fast,
 * fully-automated fixes; 1, 2, 4, 8 h cover a working day (an "answered within a day" SLO is the 8 h
 * and 24 h bounds); 3 days catches what waited over a weekend for an approval.
 */
export const ISSUE_COMPLETION_BUCKETS = [60, 300, 600, 1800, 3600, 7200, 14400, 28800, 86400, 259200];
/**
 * One model request: dominated by output length. 0.5-2 s short answers, 5-30 s typical code
 * generation, 60-300 s long agentic completions; a 30 s alert threshold is a bucket bound.
 */
export const AI_REQUEST_BUCKETS = [0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300];
/** A test-suite run: a second (unit) to an hour (e2e); 10 min is the usual CI patience limit. */
export const TEST_EXECUTION_BUCKETS = [1, 5, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600];

/**
 * The service's domain metrics in `registry`. `repositories` and `models` come from configuration:
 * they are bounded because an operator lists them, and cardinalityLimit enforces the bound if a
 * bug ever feeds them something else. `queueDepths()` returns the current length of each queue; it
 * is read when the metrics are collected, so the gauge cannot drift from the queues.
 */
export function createAutodevMetrics(registry, { repositories, models, version = '0.0.0', queueDepths }) {
  const configured = Math.max(repositories.length, models.length) + 10;
  const metrics = {
    info: new Gauge({
      name: 'autodev_info',
      help: 'Always 1; carries the version so it is not repeated on every other series.',
      labelNames: ['version'],
      registry,
    }),
    issuesProcessed: new Counter({
      name: 'autodev_issues_processed_total',
      help: 'Issues that reached a terminal state, by outcome and kind.',
      labelNames: ['outcome', 'kind'],
      registry,
    }),
    pullRequestsCreated: new Counter({
      name: 'autodev_pull_requests_created_total',
      help: 'Pull requests opened by the agent.',
      labelNames: ['repository'],
      cardinalityLimit: configured,
      registry,
    }),
    pullRequestsMerged: new Counter({
      name: 'autodev_pull_requests_merged_total',
      help: 'Pull requests opened by the agent and merged.',
      labelNames: ['repository'],
      cardinalityLimit: configured,
      registry,
    }),
    escalations: new Counter({
      name: 'autodev_escalations_total',
      help: 'Issues handed to a human, by reason.',
      labelNames: ['reason'],
      registry,
    }),
    activeLoops: new Gauge({
      name: 'autodev_active_loops',
      help: 'Agent loops currently working on an issue.',
      registry,
    }),
    pendingApprovals: new Gauge({
      name: 'autodev_pending_approvals',
      help: 'Actions waiting for a human approval.',
      registry,
    }),
    queueDepth: new Gauge({
      name: 'autodev_queue_depth',
      help: 'Issues waiting in each queue.',
      labelNames: ['queue'],
      registry,
      collect(gauge) {
        const depths = queueDepths?.() ?? {};
        for (const queue of QUEUES) gauge.labels({ queue }).set(depths[queue] ?? 0);
      },
    }),
    issueDuration: new Histogram({
      name: 'autodev_issue_completion_duration_seconds',
      help: 'Time from picking an issue up to its terminal state, by outcome.',
      labelNames: ['outcome'],
      unit: 'seconds',
      buckets: ISSUE_COMPLETION_BUCKETS,
      registry,
    }),
    aiRequestDuration: new Histogram({
      name: 'autodev_ai_request_duration_seconds',
      help: 'Duration of model requests, by model and purpose.',
      labelNames: ['model', 'purpose'],
      unit: 'seconds',
      buckets: AI_REQUEST_BUCKETS,
      cardinalityLimit: configured * AI_PURPOSES.length,
      registry,
    }),
    aiTokens: new Counter({
      name: 'autodev_ai_tokens_total',
      help: 'Model tokens used, by model and token type (input, output, cache_read, cache_write).',
      labelNames: ['model', 'type'],
      cardinalityLimit: configured * TOKEN_TYPES.length,
      registry,
    }),
    testDuration: new Histogram({
      name: 'autodev_test_execution_duration_seconds',
      help: 'Duration of test-suite runs, by suite.',
      labelNames: ['suite'],
      unit: 'seconds',
      buckets: TEST_EXECUTION_BUCKETS,
      registry,
    }),
    rateLimits: new Counter({
      name: 'autodev_rate_limits_total',
      help: 'Requests refused by a rate limit (HTTP 429 or equivalent), by API.',
      labelNames: ['api'],
      registry,
    }),
  };
  metrics.info.labels({ version }).set(1);
  // Create every known label set up front: a series that exists at 0 makes rate() and ratios work
  // from the first scrape, and an alert on escalations{reason="budget_exceeded"} has something to read.
  for (const outcome of ISSUE_OUTCOMES)
    for (const kind of ISSUE_KINDS) metrics.issuesProcessed.labels({ outcome, kind });
  for (const repository of repositories) {
    metrics.pullRequestsCreated.labels({ repository });
    metrics.pullRequestsMerged.labels({ repository });
  }
  for (const reason of ESCALATION_REASONS) metrics.escalations.labels({ reason });
  for (const model of models) for (const type of TOKEN_TYPES) metrics.aiTokens.labels({ model, type });
  for (const api of RATE_LIMITED_APIS) metrics.rateLimits.labels({ api });
  for (const queue of QUEUES) metrics.queueDepth.labels({ queue });
  return metrics;
}

// ---- The simulation (only when run directly) -----------------------------------------------------

/** mulberry32: a seeded generator, so every run prints the same numbers. */
function random(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function simulate(format) {
  const registry = new Registry({ defaultLabels: { service: 'autodev' } });
  const repositories = ['acme/api', 'acme/web', 'acme/infra'];
  const models = ['claude-sonnet-4', 'claude-haiku-4'];
  const queues = { triage: 40, implementation: 0, review: 0 };
  const m = createAutodevMetrics(registry, {
    repositories,
    models,
    version: '1.4.2',
    queueDepths: () => queues,
  });
  // Workflow steps: real functions, measured as operations (calls by outcome, latency, in flight).
  const steps = createOperationTracker({
    registry,
    prefix: 'autodev_',
    namespace: 'step',
    operationLabel: 'step',
  });
  const rand = random(42);
  const pick = (list) => list[Math.floor(rand() * list.length)];

  const aiRequest = steps.track('ai_request', async (purpose) => {
    const model = rand() < 0.7 ? models[0] : models[1];
    if (rand() < 0.03) {
      m.rateLimits.labels({ api: 'model' }).inc();
      throw Object.assign(new Error('429 Too Many Requests'), { code: 'RATE_LIMITED' });
    }
    const seconds = purpose === 'code' ? 5 + rand() * 55 : 0.5 + rand() * 8;
    m.aiRequestDuration.labels({ model, purpose }).observe(seconds);
    const input = Math.round(2_000 + rand() * 30_000);
    m.aiTokens.labels({ model, type: 'input' }).inc(input);
    m.aiTokens
      .labels({ model, type: 'output' })
      .inc(Math.round(200 + rand() * (purpose === 'code' ? 6_000 : 800)));
    m.aiTokens.labels({ model, type: 'cache_read' }).inc(Math.round(input * rand() * 0.8));
    m.aiTokens.labels({ model, type: 'cache_write' }).inc(Math.round(input * rand() * 0.1));
    await sleep(0);
  });
  const runTests = steps.track('run_tests', async () => {
    let passed = true;
    for (const suite of TEST_SUITES) {
      const base = { unit: 4, integration: 45, e2e: 400 }[suite];
      m.testDuration.labels({ suite }).observe(base * (0.5 + rand()));
      if (rand() < 0.08) passed = false;
    }
    await sleep(0);
    return passed;
  });

  async function processIssue() {
    queues.triage--;
    const kind = issueKind([pick(['bug', 'enhancement', 'documentation', 'chore', 'question', 'P1'])]);
    const repository = pick(repositories);
    m.activeLoops.inc();
    let outcome;
    try {
      if (rand() < 0.05) {
        outcome = 'skipped';
        return;
      }
      await steps.run('plan', () => aiRequest('plan'));
      queues.implementation++;
      let iterations = 0;
      let green = false;
      while (!green && iterations < 3) {
        iterations++;
        await aiRequest('code').catch(() => {}); // a rate-limited request is retried next iteration
        green = await runTests();
      }
      queues.implementation--;
      if (!green) {
        m.escalations.labels({ reason: iterations >= 3 ? 'max_iterations' : 'tests_failing' }).inc();
        outcome = 'escalated';
        return;
      }
      if (rand() < 0.1) {
        m.escalations.labels({ reason: pick(['ambiguous_requirements', 'needs_permission']) }).inc();
        m.pendingApprovals.inc();
        outcome = 'escalated';
        return;
      }
      m.pullRequestsCreated.labels({ repository }).inc();
      queues.review++;
      await aiRequest('review');
      queues.review--;
      if (rand() < 0.85) m.pullRequestsMerged.labels({ repository }).inc();
      outcome = 'completed';
    } catch {
      outcome = 'failed';
    } finally {
      m.activeLoops.dec();
      m.issuesProcessed.labels({ outcome, kind }).inc();
      const minutes =
        outcome === 'completed' ? 8 + rand() * 240 : outcome === 'skipped' ? 1 : 30 + rand() * 900;
      m.issueDuration.labels({ outcome }).observe(minutes * 60);
    }
  }

  // Four agent loops at a time over the 40 issues.
  const loops = Array.from({ length: 4 }, async () => {
    while (queues.triage > 0) await processIssue();
  });
  await Promise.all(loops);
  queues.triage = 3; // new issues arrived meanwhile; the scrape reads the queues as they are now
  process.stdout.write(await registry.metrics(format));
}

const invokedDirectly =
  process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const format = process.argv[2] ?? 'prometheus';
  if (!['prometheus', 'openmetrics', 'json'].includes(format)) {
    console.error(`usage: node examples/business-metrics.mjs [prometheus|openmetrics|json]`);
    process.exit(2);
  }
  await simulate(format);
}
