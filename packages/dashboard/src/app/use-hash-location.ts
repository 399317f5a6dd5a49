// The location in the hash, re-read on every hashchange.
import { useEffect, useState } from 'preact/hooks';
import { type HashLocation, parseHash } from './router.js';

export function useHashLocation(): HashLocation {
  const [location, setLocation] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    const update = () => setLocation(parseHash(window.location.hash));
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return location;
}
