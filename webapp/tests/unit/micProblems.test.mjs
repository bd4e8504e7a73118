// What the Voice page tells a user who cannot record, by cause.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importTs } from './load-ts.mjs';

const { micProblemFromError, missingRecordingSupport, knownMicProblem } = await importTs(
  new URL('../../src/features/voice/micProblems.ts', import.meta.url),
);

const named = (name) => Object.assign(new Error('x'), { name });

test('getUserMedia failures map to the cause a user can act on', () => {
  const cases = [
    ['NotAllowedError', 'denied'],
    ['SecurityError', 'denied'],
    ['NotFoundError', 'no-device'],
    ['OverconstrainedError', 'no-device'],
    ['NotReadableError', 'busy'],
    ['AbortError', 'busy'],
    ['TypeError', 'failed'],
  ];
  for (const [name, kind] of cases) assert.equal(micProblemFromError(named(name)).kind, kind, name);
  assert.match(micProblemFromError(named('NotAllowedError')).message, /blocked .* Allow the microphone/);
  assert.match(micProblemFromError(new Error('boom')).message, /Recording failed: boom/);
  assert.equal(micProblemFromError(undefined).kind, 'failed');
});

test('a browser that cannot record says why, in order of what to fix first', () => {
  const all = { isSecureContext: true, hasGetUserMedia: true, hasMediaRecorder: true, hasAudioContext: true };
  assert.equal(missingRecordingSupport(all), null);
  assert.equal(missingRecordingSupport({ ...all, isSecureContext: false, hasMediaRecorder: false }).kind, 'insecure');
  assert.match(missingRecordingSupport({ ...all, hasMediaRecorder: false }).message, /MediaRecorder/);
  assert.match(missingRecordingSupport({ ...all, hasGetUserMedia: false }).message, /getUserMedia/);
  assert.match(missingRecordingSupport({ ...all, hasAudioContext: false }).message, /Web Audio/);
});

test('a denied permission or no input device is known before the user tries', () => {
  assert.equal(knownMicProblem('denied', 1).kind, 'denied');
  assert.equal(knownMicProblem('prompt', 0).kind, 'no-device');
  assert.equal(knownMicProblem('granted', 1), null);
  assert.equal(knownMicProblem('unknown', null), null);
});
