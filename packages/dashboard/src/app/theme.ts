// Light or dark: the user's choice if they made one (kept in localStorage), else the system's
// (prefers-color-scheme, followed as it changes). Applied as `data-theme` on <html>, which the
// CSS variables of styles/theme.css key on.
import { useEffect, useState } from 'preact/hooks';
import type { Theme } from '../format/palette.js';

const STORAGE_KEY = 'telemeter.theme';

function stored(): Theme | undefined {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value === 'light' || value === 'dark' ? value : undefined;
  } catch {
    return undefined; // storage disabled (privacy mode): follow the system
  }
}

const systemQuery = () => matchMedia('(prefers-color-scheme: dark)');
const systemTheme = (): Theme => (systemQuery().matches ? 'dark' : 'light');

/** The theme to show before anything renders (main.tsx applies it, so there is no flash). */
export function initialTheme(): Theme {
  return stored() ?? systemTheme();
}

export function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
  document.documentElement.style.colorScheme = theme;
}

/** The current theme and a setter that remembers the choice. */
export function useTheme(): [Theme, (theme: Theme) => void] {
  const [theme, setTheme] = useState<Theme>(initialTheme);

  useEffect(() => applyTheme(theme), [theme]);

  useEffect(() => {
    const query = systemQuery();
    const follow = () => {
      if (stored() === undefined) setTheme(systemTheme());
    };
    query.addEventListener('change', follow);
    return () => query.removeEventListener('change', follow);
  }, []);

  const choose = (next: Theme) => {
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // not remembered, still applied
    }
    setTheme(next);
  };
  return [theme, choose];
}
