// WAV writer for what the browser sends the host: one channel, 16-bit PCM.
// We only write this format (the host decodes with libsndfile), so a fixed
// 44-byte RIFF header is all it takes. Pure: no DOM, unit-tested in Node.

const HEADER_BYTES = 44;

/**
 * Encodes mono float samples (nominally -1..1; values outside are clipped) as a
 * 16-bit PCM WAV file at `sampleRate` Hz. Returns the whole file's bytes.
 */
export function encodeWavPcm16(samples: Float32Array, sampleRate: number): ArrayBuffer {
  if (!Number.isInteger(sampleRate) || sampleRate <= 0) throw new RangeError(`bad sample rate ${sampleRate}`);
  const dataBytes = samples.length * 2;
  const buf = new ArrayBuffer(HEADER_BYTES + dataBytes);
  const v = new DataView(buf);
  const ascii = (at: number, s: string) => {
    for (let i = 0; i < s.length; i++) v.setUint8(at + i, s.charCodeAt(i));
  };
  ascii(0, 'RIFF');
  v.setUint32(4, 36 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  v.setUint32(16, 16, true); // fmt chunk size for PCM
  v.setUint16(20, 1, true); // format: PCM
  v.setUint16(22, 1, true); // channels
  v.setUint32(24, sampleRate, true);
  v.setUint32(28, sampleRate * 2, true); // byte rate
  v.setUint16(32, 2, true); // block align
  v.setUint16(34, 16, true); // bits per sample
  ascii(36, 'data');
  v.setUint32(40, dataBytes, true);
  for (let i = 0; i < samples.length; i++) {
    const x = Math.max(-1, Math.min(1, samples[i] || 0)); // NaN → 0
    // Asymmetric scale so -1 → -32768 and 1 → 32767 without overflow.
    v.setInt16(HEADER_BYTES + i * 2, Math.round(x < 0 ? x * 0x8000 : x * 0x7fff), true);
  }
  return buf;
}
