// Entry point: the theme is applied before the first render (no flash of the wrong one), then
// the shell mounts.
import { render } from 'preact';
import 'uplot/dist/uPlot.min.css';
import './styles/theme.css';
import './styles/layout.css';
import './styles/panels.css';
import { App } from './app/app.js';
import { applyTheme, initialTheme } from './app/theme.js';

applyTheme(initialTheme());
const root = document.getElementById('app');
if (root !== null) render(<App />, root);
