// The live stream's state in the header: "Live", "Reconnecting in 3 s" or "Offline", with a
// button to retry at once. Announced politely to screen readers when it changes.
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { LiveClient, ConnectionStatus as Status } from '../data/live-client.js';
import { formatSpan } from '../format/dates.js';

export function useConnectionStatus(live: LiveClient): Status {
  const [status, setStatus] = useState(live.status);
  useEffect(() => {
    setStatus(live.status);
    return live.onStatus(setStatus);
  }, [live]);
  return status;
}

/** Seconds until `atMs`, re-rendered every second while counting down. */
function useCountdown(atMs: number | undefined): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (atMs === undefined) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [atMs]);
  return atMs === undefined ? 0 : Math.max(0, Math.ceil((atMs - now) / 1000));
}

export function ConnectionStatus({ live }: { live: LiveClient }): JSX.Element {
  const status = useConnectionStatus(live);
  const retryAt =
    status.state === 'reconnecting' || status.state === 'offline' ? status.retryAtMs : undefined;
  const seconds = useCountdown(retryAt);
  let text: string;
  let title: string;
  switch (status.state) {
    case 'live':
      text = 'Live';
      title = `Connected: charts update every ${formatSpan(status.intervalMs)}`;
      break;
    case 'connecting':
      text = 'Connecting…';
      title = 'Opening the live stream';
      break;
    case 'reconnecting':
      text = seconds > 0 ? `Reconnecting in ${seconds} s` : 'Reconnecting…';
      title = `Disconnected: ${status.reason}`;
      break;
    case 'offline':
      text = seconds > 0 ? `Offline · retry in ${seconds} s` : 'Offline · retrying…';
      title = `Cannot reach the server: ${status.reason}`;
      break;
  }
  return (
    <div class={`conn conn-${status.state}`} data-connection={status.state}>
      <span class="conn-dot" aria-hidden="true" />
      <span role="status" aria-live="polite" title={title}>
        {text}
      </span>
      {retryAt !== undefined && (
        <button type="button" class="conn-retry" onClick={() => live.reconnectNow()}>
          Retry now
        </button>
      )}
    </div>
  );
}
