// A failed request in a view: what failed, the server's words, and a way to try again.
import type { JSX } from 'preact';

export function LoadError(props: { what: string; error: Error; onRetry(): void }): JSX.Element {
  return (
    <div class="tm-load-error" role="alert">
      <p>
        <strong>Could not load {props.what}.</strong> {props.error.message}
      </p>
      <button type="button" class="tm-button" onClick={props.onRetry}>
        Try again
      </button>
    </div>
  );
}
