// Where the built dashboard lives; @telemeter/server serves this folder at `/`.
import { fileURLToPath } from 'node:url';

export const staticDir = fileURLToPath(new URL('./static/', import.meta.url));
