// The theme the shell applied, for what CSS cannot reach: colours drawn on canvases.
import { createContext } from 'preact';
import type { Theme } from '../format/palette.js';

export const ThemeContext = createContext<Theme>('light');
