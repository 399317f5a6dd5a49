// The page's connections to the server, created once by the shell and shared by every panel.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { ApiClient } from '../data/api.js';
import type { LiveClient } from '../data/live-client.js';

export interface Clients {
  readonly api: ApiClient;
  /** Undefined outside the shell (e.g. a component rendered alone); panels then use query_range. */
  readonly live: LiveClient | undefined;
}

export const ClientsContext = createContext<Clients>({ api: new ApiClient(), live: undefined });

export function useClients(): Clients {
  return useContext(ClientsContext);
}
