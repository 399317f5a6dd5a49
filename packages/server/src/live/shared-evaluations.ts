// One range query per distinct (query, window) instead of one per subscriber: ten dashboards showing
// the same panel cost one evaluation per tick. Windows are aligned to multiples of the step, so
// subscribers of the same query and step ask for the same window and meet here.
import type { Engine, Matrix, Queryable } from '@telemeter/promql';
import type { GridWindow } from './series-table.js';

export class SharedEvaluations {
  private readonly results = new Map<string, Promise<Matrix>>();

  /**
   * @param keepSettled keep finished results until `clear()` (one tick's worth); otherwise only
   * evaluations still running are shared, so a later caller never sees data older than it asked for.
   */
  constructor(
    private readonly engine: Engine,
    private readonly db: Queryable,
    private readonly keepSettled: boolean,
  ) {}

  /** Evaluates `query` (canonical text) at every point of the window, or joins an identical evaluation. */
  evaluate(query: string, window: GridWindow): Promise<Matrix> {
    const endMs = window.startMs + (window.points - 1) * window.stepMs;
    const key = `${window.stepMs} ${window.startMs} ${endMs} ${query}`;
    const shared = this.results.get(key);
    if (shared !== undefined) return shared;
    const result = this.engine
      .rangeQuery(this.db, query, window.startMs, endMs, window.stepMs)
      .then((r) => (r.resultType === 'matrix' ? r.result : []));
    this.results.set(key, result);
    if (!this.keepSettled) {
      const forget = (): void => {
        this.results.delete(key);
      };
      result.then(forget, forget);
    }
    return result;
  }

  clear(): void {
    this.results.clear();
  }
}
