// Speech hints as the agent form turns its textarea into the API's list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importTs } from './load-ts.mjs';

const { parseSpeechHints, formatSpeechHints, speechHintsProblem } = await importTs(
  new URL('../../src/features/agents/speechHints.ts', import.meta.url),
);

test('one hint per line: trimmed, inner spaces collapsed, blanks and repeats dropped, order kept', () => {
  assert.deepEqual(parseSpeechHints('  invoice one zero zero one \r\n\n balance\ndue   date\nbalance\n'), [
    'invoice one zero zero one',
    'balance',
    'due date',
  ]);
  assert.deepEqual(parseSpeechHints(''), []);
});

test('formatting and parsing round-trip', () => {
  const hints = ['invoice', 'overdue balance'];
  assert.deepEqual(parseSpeechHints(formatSpeechHints(hints)), hints);
  assert.equal(formatSpeechHints(undefined), '');
});

test('the API limits are checked before sending: 200 hints of at most 100 characters', () => {
  assert.equal(speechHintsProblem(Array.from({ length: 200 }, (_, i) => `h${i}`)), null);
  assert.match(speechHintsProblem(Array.from({ length: 201 }, (_, i) => `h${i}`)), /At most 200 .* 201/);
  assert.equal(speechHintsProblem(['x'.repeat(100)]), null);
  assert.match(speechHintsProblem(['ok', 'x'.repeat(101)]), /Hint 2 is 101 characters/);
});
