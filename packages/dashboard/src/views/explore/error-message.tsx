// A query error under the editor: the message, and for parse errors the offending line with a
// caret under the column the parser reported, so the spot is clear without colour.
import type { JSX } from 'preact';
import type { ErrorPosition } from '../../data/api.js';
import { caretLine } from './text-position.js';

export interface ErrorMessageProps {
  readonly query: string;
  readonly message: string;
  readonly position?: ErrorPosition | undefined;
  readonly id?: string;
  /** Errors from running the query are announced; those from checking as you type are not. */
  readonly announce: boolean;
  readonly title: string;
}

export function ErrorMessage(props: ErrorMessageProps): JSX.Element {
  const { position } = props;
  const line = position === undefined ? undefined : props.query.split('\n')[position.line - 1];
  return (
    <div id={props.id} class="tm-query-error" role={props.announce ? 'alert' : undefined}>
      <strong>{props.title}</strong>
      {position !== undefined && (
        <span class="tm-query-error__where">
          {' '}
          at line {position.line}, column {position.column}
        </span>
      )}
      : {props.message}
      {line !== undefined && position !== undefined && (
        <pre class="tm-query-error__snippet" aria-hidden="true">
          {line}
          {'\n'}
          <span class="tm-query-error__caret">{caretLine(line, position.column)}</span>
        </pre>
      )}
    </div>
  );
}
