// A button that switches between the light and the dark theme.
import type { JSX } from 'preact';
import type { Theme } from '../format/palette.js';

const SUN =
  'M8 4.5a3.5 3.5 0 1 0 0 7 3.5 3.5 0 0 0 0-7ZM8 0v2M8 14v2M0 8h2M14 8h2M2.3 2.3l1.4 1.4M12.3 12.3l1.4 1.4M2.3 13.7l1.4-1.4M12.3 3.7l1.4-1.4';
const MOON = 'M13.5 10.5A6 6 0 0 1 5.5 2.5a6 6 0 1 0 8 8Z';

export function ThemeToggle({
  theme,
  onChange,
}: {
  theme: Theme;
  onChange(theme: Theme): void;
}): JSX.Element {
  const next: Theme = theme === 'dark' ? 'light' : 'dark';
  return (
    <button
      type="button"
      class="icon-btn theme-toggle"
      aria-label={`Switch to the ${next} theme`}
      title={`Switch to the ${next} theme`}
      onClick={() => onChange(next)}
    >
      <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
        <path
          d={theme === 'dark' ? SUN : MOON}
          fill={theme === 'dark' ? 'none' : 'currentColor'}
          stroke="currentColor"
          stroke-width="1.4"
          stroke-linecap="round"
        />
      </svg>
    </button>
  );
}
