// What a view shows when there is nothing to show yet: what is missing and how to add it.
import type { ComponentChildren, JSX } from 'preact';

export function EmptyState(props: { title: string; children: ComponentChildren }): JSX.Element {
  return (
    <div class="tm-empty">
      <h2>{props.title}</h2>
      {props.children}
    </div>
  );
}

/** A block of code to copy (it wraps on narrow screens rather than scroll). */
export function CodeSample(props: { code: string }): JSX.Element {
  return (
    <pre class="tm-code">
      <code>{props.code}</code>
    </pre>
  );
}
