// The browser's WAV writer: the header a RIFF reader needs and the sample scaling.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importTs } from './load-ts.mjs';

const { encodeWavPcm16 } = await importTs(new URL('../../src/features/voice/wav.ts', import.meta.url));

const ascii = (v, at, n) => String.fromCharCode(...new Uint8Array(v.buffer, at, n));

test('the header describes 16-bit mono PCM at the given rate', () => {
  const v = new DataView(encodeWavPcm16(new Float32Array(16000), 16000));
  assert.equal(v.byteLength, 44 + 32000);
  assert.equal(ascii(v, 0, 4), 'RIFF');
  assert.equal(v.getUint32(4, true), v.byteLength - 8);
  assert.equal(ascii(v, 8, 8), 'WAVEfmt ');
  assert.equal(v.getUint32(16, true), 16);
  assert.equal(v.getUint16(20, true), 1, 'PCM');
  assert.equal(v.getUint16(22, true), 1, 'mono');
  assert.equal(v.getUint32(24, true), 16000);
  assert.equal(v.getUint32(28, true), 32000, 'byte rate');
  assert.equal(v.getUint16(32, true), 2, 'block align');
  assert.equal(v.getUint16(34, true), 16, 'bits');
  assert.equal(ascii(v, 36, 4), 'data');
  assert.equal(v.getUint32(40, true), 32000);
});

test('samples are scaled to int16, clipped, and NaN is silence', () => {
  const input = Float32Array.from([0, 1, -1, 0.5, -0.5, 2, -2, NaN]);
  const v = new DataView(encodeWavPcm16(input, 8000));
  const out = Array.from({ length: input.length }, (_, i) => v.getInt16(44 + 2 * i, true));
  assert.deepEqual(out, [0, 32767, -32768, 16384, -16384, 32767, -32768, 0]);
});

test('no samples is a valid empty file', () => {
  const v = new DataView(encodeWavPcm16(new Float32Array(0), 16000));
  assert.equal(v.byteLength, 44);
  assert.equal(v.getUint32(4, true), 36);
  assert.equal(v.getUint32(40, true), 0);
});

test('a sample rate that is not a positive integer is refused', () => {
  for (const rate of [0, -16000, 44100.5, NaN]) {
    assert.throws(() => encodeWavPcm16(new Float32Array(1), rate), RangeError);
  }
});
