// Target health as a shape, a word and a colour: readable without colour and in both themes.
import type { JSX } from 'preact';

const LOOK: Record<string, { symbol: string; text: string }> = {
  up: { symbol: '●', text: 'up' },
  down: { symbol: '▼', text: 'down' },
  unknown: { symbol: '?', text: 'unknown' },
};

export function HealthBadge(props: { health: string }): JSX.Element {
  const look = LOOK[props.health] ?? { symbol: '?', text: props.health };
  const tone = props.health === 'up' || props.health === 'down' ? props.health : 'unknown';
  return (
    <span class={`tm-badge tm-badge--${tone}`}>
      <span aria-hidden="true">{look.symbol}</span> {look.text}
    </span>
  );
}
