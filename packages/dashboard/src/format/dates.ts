// Times on axes, legends and the picker. Local time by default; `utc` for tests and for people
// who read UTC. Month names are English, like the rest of the UI.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAY_MS = 86_400_000;

interface Parts {
  year: number;
  month: number;
  day: number;
  hours: number;
  minutes: number;
  seconds: number;
}

function partsOf(ms: number, utc: boolean): Parts {
  const d = new Date(ms);
  return utc
    ? {
        year: d.getUTCFullYear(),
        month: d.getUTCMonth(),
        day: d.getUTCDate(),
        hours: d.getUTCHours(),
        minutes: d.getUTCMinutes(),
        seconds: d.getUTCSeconds(),
      }
    : {
        year: d.getFullYear(),
        month: d.getMonth(),
        day: d.getDate(),
        hours: d.getHours(),
        minutes: d.getMinutes(),
        seconds: d.getSeconds(),
      };
}

const pad = (n: number) => String(n).padStart(2, '0');
const hm = (p: Parts) => `${pad(p.hours)}:${pad(p.minutes)}`;
const hms = (p: Parts) => `${hm(p)}:${pad(p.seconds)}`;
const monthDay = (p: Parts) => `${MONTHS[p.month]} ${p.day}`;

/**
 * Labels for time-axis ticks `incrementMs` apart: seconds when ticks are less than a minute apart,
 * hours and minutes below a day, the date from a day on. A tick at midnight shows the date
 * instead of 00:00, so a chart over several days says where each day starts.
 */
export function formatTimeTicks(ticksMs: readonly number[], incrementMs: number, utc = false): string[] {
  return ticksMs.map((t) => {
    const p = partsOf(t, utc);
    const midnight = p.hours === 0 && p.minutes === 0 && p.seconds === 0;
    if (incrementMs >= DAY_MS) return monthDay(p);
    if (midnight) return monthDay(p);
    return incrementMs < 60_000 ? hms(p) : hm(p);
  });
}

/** A full timestamp, as in legends and tooltips: "2026-11-23 14:05:09". */
export function formatDateTime(ms: number, utc = false): string {
  const p = partsOf(ms, utc);
  return `${p.year}-${pad(p.month + 1)}-${pad(p.day)} ${hms(p)}`;
}

/** A time in a legend: the time of day, with the date only when it is not `nowMs`'s day. */
export function formatCursorTime(ms: number, nowMs: number, utc = false): string {
  const p = partsOf(ms, utc);
  const n = partsOf(nowMs, utc);
  const today = p.year === n.year && p.month === n.month && p.day === n.day;
  return today ? hms(p) : `${monthDay(p)} ${hms(p)}`;
}

/** The value of an `<input type="datetime-local">`: "2026-11-23T14:05". */
export function toDateTimeInput(ms: number): string {
  const p = partsOf(ms, false);
  return `${p.year}-${pad(p.month + 1)}-${pad(p.day)}T${hm(p)}`;
}

/** A short description of a span: "15 min", "6 h", "7 d", "90 s". */
export function formatSpan(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s % 86_400 === 0) return `${s / 86_400} d`;
  if (s % 3600 === 0) return `${s / 3600} h`;
  if (s % 60 === 0) return `${s / 60} min`;
  return `${s} s`;
}

/** A range's bounds for the picker: the date once, then the times ("Nov 23 14:00 – 15:00"). */
export function formatRangeBounds(startMs: number, endMs: number, utc = false): string {
  const a = partsOf(startMs, utc);
  const b = partsOf(endMs, utc);
  const sameDay = a.year === b.year && a.month === b.month && a.day === b.day;
  return sameDay ? `${monthDay(a)} ${hm(a)} – ${hm(b)}` : `${monthDay(a)} ${hm(a)} – ${monthDay(b)} ${hm(b)}`;
}
