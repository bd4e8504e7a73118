// JSON as the dashboard shows tool arguments and results.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importTs } from './load-ts.mjs';

const { prettyJson, compactJson } = await importTs(new URL('../../src/components/json.ts', import.meta.url));

test('objects and JSON text are indented; other text is shown as is', () => {
  assert.equal(prettyJson({ invoiceNumber: 'INV-1001' }), '{\n  "invoiceNumber": "INV-1001"\n}');
  assert.equal(prettyJson('{"a":[1]}'), '{\n  "a": [\n    1\n  ]\n}');
  assert.equal(prettyJson('{not json'), '{not json');
  assert.equal(prettyJson(undefined), 'null');
});

test('one-line JSON for lists; a malformed argument string is shown as the vendor sent it', () => {
  assert.equal(compactJson({ invoiceNumber: 'INV-1001' }), '{"invoiceNumber":"INV-1001"}');
  assert.equal(compactJson('{"invoiceNumber": INV'), '{"invoiceNumber": INV');
});
