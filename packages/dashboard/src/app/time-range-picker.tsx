// Live, a preset span ending now, or custom bounds. Live streams over the WebSocket; the others
// are fetched once (refresh fetches "the last 1h" again, ending at the new now).
import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { HISTORICAL_PRESETS, LIVE_RANGE, presetRange, type TimeRange } from '../data/time-range.js';
import { formatRangeBounds, toDateTimeInput } from '../format/dates.js';

export interface TimeRangePickerProps {
  readonly range: TimeRange;
  readonly onChange: (range: TimeRange) => void;
}

const HOUR = 3_600_000;
const SPOKEN: Record<string, string> = {
  '15m': 'Last 15 minutes',
  '1h': 'Last hour',
  '6h': 'Last 6 hours',
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
};

function CustomRangeForm(props: { range: TimeRange; onApply(range: TimeRange): void; onClose(): void }) {
  const now = Date.now();
  const initial = props.range.kind === 'historical' ? props.range : { startMs: now - HOUR, endMs: now };
  const [from, setFrom] = useState(toDateTimeInput(initial.startMs));
  const [to, setTo] = useState(toDateTimeInput(initial.endMs));
  const [error, setError] = useState<string | undefined>(undefined);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);

  const apply = (event: Event) => {
    event.preventDefault();
    const startMs = new Date(from).getTime();
    const endMs = new Date(to).getTime();
    if (!Number.isFinite(startMs) || !Number.isFinite(endMs))
      return setError('Enter both a start and an end.');
    if (startMs >= endMs) return setError('The start must be before the end.');
    props.onApply({ kind: 'historical', startMs, endMs });
  };
  return (
    <form
      class="range-form"
      aria-label="Custom time range"
      onSubmit={apply}
      onKeyDown={(e) => e.key === 'Escape' && props.onClose()}
    >
      <label>
        From
        <input
          ref={first}
          type="datetime-local"
          value={from}
          onInput={(e) => setFrom(e.currentTarget.value)}
        />
      </label>
      <label>
        To
        <input type="datetime-local" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
      </label>
      {error !== undefined && (
        <p class="range-form-error" role="alert">
          {error}
        </p>
      )}
      <div class="range-form-actions">
        <button type="button" class="btn" onClick={props.onClose}>
          Cancel
        </button>
        <button type="submit" class="btn btn-primary">
          Apply
        </button>
      </div>
    </form>
  );
}

export function TimeRangePicker({ range, onChange }: TimeRangePickerProps): JSX.Element {
  const [customOpen, setCustomOpen] = useState(false);
  const customButton = useRef<HTMLButtonElement>(null);
  const isCustom = range.kind === 'historical' && range.preset === undefined;
  const closeCustom = () => {
    setCustomOpen(false);
    customButton.current?.focus();
  };
  const choose = (next: TimeRange) => {
    setCustomOpen(false);
    onChange(next);
  };
  return (
    <div class="range-picker">
      <fieldset class="segmented">
        <legend class="sr-only">Time range</legend>
        <button
          type="button"
          class="seg seg-live"
          aria-pressed={range.kind === 'live'}
          title="Stream the last 15 minutes as it happens"
          onClick={() => choose(LIVE_RANGE)}
        >
          <span class="live-dot" aria-hidden="true" />
          Live
        </button>
        {HISTORICAL_PRESETS.map((p) => (
          <button
            key={p.id}
            type="button"
            class="seg"
            aria-pressed={range.kind === 'historical' && range.preset === p.id}
            aria-label={SPOKEN[p.id]}
            onClick={() => choose(presetRange(p.id, Date.now()))}
          >
            {p.id}
          </button>
        ))}
        <button
          ref={customButton}
          type="button"
          class="seg"
          aria-pressed={isCustom}
          aria-expanded={customOpen}
          onClick={() => setCustomOpen(!customOpen)}
        >
          Custom
        </button>
      </fieldset>
      {range.kind === 'historical' && (
        <div class="range-bounds">
          <span>{formatRangeBounds(range.startMs, range.endMs)}</span>
          {range.preset !== undefined && (
            <button
              type="button"
              class="icon-btn"
              aria-label="Refresh: fetch the range again up to now"
              title="Refresh"
              onClick={() =>
                onChange(presetRange(range.preset as NonNullable<typeof range.preset>, Date.now()))
              }
            >
              <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
                <path
                  d="M13.5 8a5.5 5.5 0 1 1-1.6-3.9M13.5 2.5v3h-3"
                  fill="none"
                  stroke="currentColor"
                  stroke-width="1.6"
                  stroke-linecap="round"
                  stroke-linejoin="round"
                />
              </svg>
            </button>
          )}
        </div>
      )}
      {customOpen && <CustomRangeForm range={range} onApply={choose} onClose={closeCustom} />}
    </div>
  );
}
