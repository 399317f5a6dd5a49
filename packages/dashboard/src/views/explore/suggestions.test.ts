import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { completionContext } from './completion-context.js';
import { VOCABULARY } from './promql-vocabulary.js';
import { applySuggestion, escapeLabelValue, type Suggestion, suggestionsFor } from './suggestions.js';

const metrics = [
  { name: 'http_requests_total', type: 'counter', help: 'Requests.' },
  { name: 'http_server_request_duration_seconds_bucket' },
  { name: 'process_cpu_seconds_total' },
  { name: 'up' },
];

function edit(marked: string, suggestion: Suggestion) {
  const cursor = marked.indexOf('|');
  const text = marked.slice(0, cursor) + marked.slice(cursor + 1);
  const result = applySuggestion(text, completionContext(text, cursor), suggestion);
  return `${result.text.slice(0, result.cursor)}|${result.text.slice(result.cursor)}`;
}

describe('suggestionsFor', () => {
  test('prefix matches first, then substrings, then letters in order', () => {
    const context = completionContext('req', 3);
    const labels = suggestionsFor(context, { metrics, vocabulary: VOCABULARY }).map((s) => s.label);
    assert.deepEqual(labels.slice(0, 2), [
      'http_requests_total',
      'http_server_request_duration_seconds_bucket',
    ]);
    const fuzzy = suggestionsFor(completionContext('hrt', 3), { metrics }).map((s) => s.label);
    assert.ok(fuzzy.includes('http_requests_total'));
    assert.ok(!fuzzy.includes('up'));
  });

  test('functions come with signature and help; after an operand only operators and keywords', () => {
    const rate = suggestionsFor(completionContext('rat', 3), { metrics, vocabulary: VOCABULARY })[0];
    assert.equal(rate?.label, 'rate');
    assert.equal(rate?.kind, 'function');
    assert.match(rate?.detail ?? '', /range-vector/);
    const after = suggestionsFor(completionContext('up ', 3), { metrics, vocabulary: VOCABULARY }).map(
      (s) => s.label,
    );
    assert.ok(after.includes('and') && after.includes('offset'));
    assert.ok(!after.includes('up') && !after.includes('rate'));
  });

  test('a word typed in full is not suggested again', () => {
    assert.deepEqual(
      suggestionsFor(completionContext('up', 2), { metrics }).map((s) => s.label),
      [],
    );
  });
});

describe('applySuggestion', () => {
  test('metrics replace the word; functions open their parentheses', () => {
    assert.equal(
      edit('rate(htt|[5m])', { kind: 'metric', label: 'http_requests_total' }),
      'rate(http_requests_total|[5m])',
    );
    assert.equal(edit('ra|', { kind: 'function', label: 'rate' }), 'rate(|)');
    assert.equal(edit('su|(x)', { kind: 'aggregation', label: 'sum' }), 'sum|(x)');
    assert.equal(edit('sum b|', { kind: 'keyword', label: 'by' }), 'sum by (|)');
    assert.equal(edit('up o|', { kind: 'keyword', label: 'offset' }), 'up offset |');
  });

  test('a label name in a selector gets ="" with the cursor inside; in by () just the name', () => {
    assert.equal(edit('up{j|}', { kind: 'label', label: 'job' }), 'up{job="|"}');
    assert.equal(edit('up{j|="a"}', { kind: 'label', label: 'job' }), 'up{job|="a"}');
    assert.equal(edit('sum by (j|) (up)', { kind: 'label', label: 'job' }), 'sum by (job|) (up)');
  });

  test('label values are escaped and quoted, and the cursor leaves the string', () => {
    assert.equal(edit('up{job="a|"}', { kind: 'value', label: 'api' }), 'up{job="api"|}');
    assert.equal(edit('up{job="a|}', { kind: 'value', label: 'api' }), 'up{job="api"|}');
    assert.equal(edit('up{job=|}', { kind: 'value', label: 'say "hi"' }), 'up{job="say \\"hi\\""|}');
    assert.equal(edit('up{path=`|`}', { kind: 'value', label: 'C:\\x' }), 'up{path=`C:\\x`|}');
  });

  test('escaping follows the quote', () => {
    assert.equal(escapeLabelValue('a\\b"c\'d\ne', '"'), 'a\\\\b\\"c\'d\\ne');
    assert.equal(escapeLabelValue("it's", "'"), "it\\'s");
    assert.equal(escapeLabelValue('raw\\"', '`'), 'raw\\"');
  });
});
