// The PromQL editor: a textarea (native editing, undo, IME and screen-reader support for free)
// over a mirror that draws the error underline and locates the caret for the suggestion list.
// CodeMirror would add ~150 KB for highlighting this does not need.
import type { JSX, RefObject, TargetedEvent, TargetedInputEvent, TargetedKeyboardEvent } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ErrorPosition } from '../../data/api.js';
import { type CompletionContext, completionContext } from './completion-context.js';
import type { CompletionSource } from './completion-source.js';
import { applySuggestion, type Suggestion, suggestionsFor } from './suggestions.js';
import { errorSpan } from './text-position.js';

export interface QueryEditorProps {
  readonly value: string;
  onInput(value: string): void;
  onRun(): void;
  readonly source: CompletionSource;
  /** Where to underline; the message is shown by the caller. */
  readonly errorPosition?: ErrorPosition | undefined;
  readonly id?: string;
  readonly describedBy?: string;
}

interface Open {
  readonly context: CompletionContext;
  readonly items: readonly Suggestion[];
  readonly active: number;
}

const LIST_ID = 'tm-query-suggestions';

export function QueryEditor(props: QueryEditorProps): JSX.Element {
  const textarea = useRef<HTMLTextAreaElement>(null);
  const mirror = useRef<HTMLPreElement>(null);
  const caretMarker = useRef<HTMLSpanElement>(null);
  const popup = useRef<HTMLDivElement>(null);
  const [cursor, setCursorState] = useState(props.value.length);
  const cursorRef = useRef(cursor);
  const setCursor = (at: number) => {
    cursorRef.current = at;
    setCursorState(at);
  };
  const [open, setOpen] = useState<Open | undefined>(undefined);
  const [listAt, setListAt] = useState({ left: 0, top: 0 });
  const request = useRef(0);
  const pendingCursor = useRef<number | undefined>(undefined);

  const close = () => {
    request.current++;
    setOpen(undefined);
  };

  const suggest = async (text: string, at: number, explicit: boolean) => {
    const ticket = ++request.current;
    const context = completionContext(text, at);
    const worthIt =
      explicit ||
      // After `rate(` the next thing is almost always a metric: offer them unasked.
      (context.kind === 'expression' &&
        (context.prefix !== '' || (!context.afterOperand && /\($/.test(text.slice(0, at))))) ||
      context.kind === 'label-name' ||
      context.kind === 'label-value';
    if (context.kind === 'none' || !worthIt) return close();
    try {
      const items = suggestionsFor(context, await props.source.candidatesFor(context, text));
      if (ticket !== request.current) return;
      setOpen(items.length === 0 ? undefined : { context, items, active: 0 });
    } catch {
      // Completion is a convenience: a failed lookup just shows nothing.
      if (ticket === request.current) setOpen(undefined);
    }
  };

  const accept = (item: Suggestion) => {
    if (open === undefined) return;
    const edit = applySuggestion(props.value, open.context, item);
    pendingCursor.current = edit.cursor;
    props.onInput(edit.text);
    setCursor(edit.cursor);
    if (edit.reopen) void suggest(edit.text, edit.cursor, false);
    else close();
  };

  // Put the caret where an accepted suggestion left it, once the new value is rendered.
  useLayoutEffect(() => {
    const el = textarea.current;
    if (el !== null && pendingCursor.current !== undefined) {
      el.setSelectionRange(pendingCursor.current, pendingCursor.current);
      pendingCursor.current = undefined;
    }
  }, [props.value]);

  // The list sits under the caret; the marker in the mirror says where that is.
  useLayoutEffect(() => {
    const marker = caretMarker.current;
    const el = textarea.current;
    if (open === undefined || marker === null || el === null) return;
    const lineHeight = Number.parseFloat(getComputedStyle(el).lineHeight) || 20;
    // Keep the list inside the field: on a phone it is as wide as the field and starts at its edge.
    const maxLeft = Math.max(0, el.offsetWidth - (popup.current?.offsetWidth ?? 0));
    setListAt({
      left: Math.min(marker.offsetLeft, maxLeft),
      top: marker.offsetTop - el.scrollTop + lineHeight + 2,
    });
  }, [open, cursor, props.value]);

  useEffect(() => {
    const el = textarea.current;
    if (el === null) return;
    // Grow with the query up to 12 lines, then scroll.
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight + 2, 12 * 20 + 20)}px`;
  }, [props.value]);

  const onKeyDown = (e: TargetedKeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      close();
      props.onRun();
      return;
    }
    if (e.key === ' ' && e.ctrlKey) {
      e.preventDefault();
      const el = e.currentTarget;
      void suggest(el.value, el.selectionStart, true);
      return;
    }
    if (open === undefined) return;
    const count = open.items.length;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setOpen({ ...open, active: (open.active + step + count) % count });
    } else if (e.key === 'Enter' || e.key === 'Tab') {
      e.preventDefault();
      const item = open.items[open.active];
      if (item !== undefined) accept(item);
    } else if (e.key === 'Escape') {
      // Closing the list is all Escape does here; the page should not also react to it.
      e.preventDefault();
      e.stopPropagation();
      close();
    }
  };

  const onInput = (e: TargetedInputEvent<HTMLTextAreaElement>) => {
    const el = e.currentTarget;
    props.onInput(el.value);
    setCursor(el.selectionStart);
    const typed = e.inputType?.startsWith('insert') ?? true;
    if (typed) void suggest(el.value, el.selectionStart, false);
    else close();
  };

  const onSelect = (e: TargetedEvent<HTMLTextAreaElement>) => {
    const at = e.currentTarget.selectionStart;
    if (at === cursorRef.current) return;
    setCursor(at);
    // The caret moved without typing (a click, Home/End, left/right): the completion is over.
    close();
  };

  const span = props.errorPosition === undefined ? undefined : errorSpan(props.value, props.errorPosition);
  const activeId = open === undefined ? undefined : `${LIST_ID}-${open.active}`;
  const activeItem = open?.items[open.active];

  return (
    <div class="tm-editor">
      <div class="tm-editor__field">
        <pre class="tm-editor__mirror" ref={mirror} aria-hidden="true">
          {mirrorContent(props.value, cursor, span, caretMarker)}
        </pre>
        <textarea
          ref={textarea}
          id={props.id}
          class="tm-editor__input"
          value={props.value}
          rows={1}
          spellcheck={false}
          autocomplete="off"
          autocapitalize="off"
          aria-autocomplete="list"
          aria-haspopup="listbox"
          aria-controls={open !== undefined ? LIST_ID : undefined}
          aria-activedescendant={activeId}
          aria-invalid={span !== undefined}
          aria-describedby={props.describedBy}
          aria-label="PromQL query"
          placeholder="Expression, e.g. rate(http_server_request_duration_seconds_count[5m])  (Ctrl+Space: suggestions)"
          onInput={onInput}
          onKeyDown={onKeyDown}
          onSelect={onSelect}
          onBlur={close}
          onScroll={(e) => {
            if (mirror.current !== null) mirror.current.scrollTop = e.currentTarget.scrollTop;
          }}
        />
        {open !== undefined && (
          <div ref={popup} class="tm-suggest" style={{ left: `${listAt.left}px`, top: `${listAt.top}px` }}>
            <div id={LIST_ID} role="listbox" aria-label="Suggestions" class="tm-suggest__list">
              {open.items.map((item, i) => (
                <div
                  key={`${item.kind}:${item.label}`}
                  // Focus stays in the textarea (aria-activedescendant points here); -1 keeps it out of Tab.
                  tabIndex={-1}
                  id={`${LIST_ID}-${i}`}
                  role="option"
                  aria-selected={i === open.active}
                  class={`tm-suggest__item${i === open.active ? ' is-active' : ''}`}
                  // mousedown, not click: a click would blur the textarea and close the list first.
                  onMouseDown={(e) => {
                    e.preventDefault();
                    accept(item);
                  }}
                >
                  <span class={`tm-suggest__kind tm-suggest__kind--${item.kind}`}>
                    {KIND_BADGE[item.kind]}
                  </span>
                  <span class="tm-suggest__label">{item.label}</span>
                  {item.detail !== undefined && item.kind === 'metric' && (
                    <span class="tm-suggest__detail">{item.detail}</span>
                  )}
                </div>
              ))}
            </div>
            {activeItem !== undefined && (activeItem.help !== undefined || activeItem.kind !== 'metric') && (
              <div class="tm-suggest__help">
                {activeItem.kind !== 'metric' && activeItem.detail !== undefined && (
                  <code>{activeItem.detail}</code>
                )}
                {activeItem.help !== undefined && <p>{activeItem.help}</p>}
              </div>
            )}
          </div>
        )}
      </div>
    </div>
  );
}

const KIND_BADGE: Record<Suggestion['kind'], string> = {
  metric: 'M',
  function: 'ƒ',
  aggregation: 'Σ',
  keyword: 'K',
  label: 'L',
  value: 'V',
};

/** The mirror's text: invisible, with the error marked and an empty span at the caret. */
function mirrorContent(
  text: string,
  cursor: number,
  span: { start: number; end: number } | undefined,
  caretRef: RefObject<HTMLSpanElement | null>,
): JSX.Element[] {
  const out: JSX.Element[] = [];
  const caret = <span key="caret" ref={caretRef} class="tm-editor__caret" />;
  const plain = (from: number, to: number, key: string) => {
    if (cursor >= from && cursor < to) {
      out.push(
        <span key={`${key}a`}>{text.slice(from, cursor)}</span>,
        caret,
        <span key={`${key}b`}>{text.slice(cursor, to)}</span>,
      );
    } else if (to > from) out.push(<span key={key}>{text.slice(from, to)}</span>);
  };
  if (span === undefined) {
    plain(0, text.length, 't');
  } else {
    plain(0, span.start, 'h');
    const marked = span.end > span.start ? text.slice(span.start, span.end) : ' ';
    out.push(
      <mark key="err" class={`tm-editor__error${span.end === span.start ? ' is-end' : ''}`}>
        {marked}
      </mark>,
    );
    plain(span.end, text.length, 't');
  }
  if (cursor >= text.length) out.push(caret);
  // A trailing newline needs a character after it, or the mirror is one line short.
  out.push(<span key="end"> </span>);
  return out;
}
