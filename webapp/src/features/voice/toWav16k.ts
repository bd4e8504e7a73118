// Turns whatever the browser recorded (webm/opus, ogg, mp4 …) into what the
// host's STT wants: 16 kHz mono 16-bit PCM WAV.
import { encodeWavPcm16 } from './wav';

export const STT_SAMPLE_RATE = 16_000;

export interface Wav16k {
  wav: Blob;
  durationMs: number;
}

/**
 * Decodes `recording` with AudioContext.decodeAudioData, then renders it through
 * an OfflineAudioContext with one channel at 16 kHz (Web Audio downmixes and
 * resamples on the way) and encodes the result. Rejects with the decoder's error
 * when the recording is not decodable audio.
 */
export async function toWav16k(recording: Blob): Promise<Wav16k> {
  const bytes = await recording.arrayBuffer();
  const decoder = new AudioContext();
  let decoded: AudioBuffer;
  try {
    decoded = await decoder.decodeAudioData(bytes);
  } finally {
    void decoder.close();
  }
  const frames = Math.max(1, Math.ceil(decoded.duration * STT_SAMPLE_RATE));
  const offline = new OfflineAudioContext(1, frames, STT_SAMPLE_RATE);
  const source = offline.createBufferSource();
  source.buffer = decoded;
  source.connect(offline.destination);
  source.start();
  const rendered = await offline.startRendering();
  const samples = rendered.getChannelData(0);
  return {
    wav: new Blob([encodeWavPcm16(samples, STT_SAMPLE_RATE)], { type: 'audio/wav' }),
    durationMs: Math.round((samples.length / STT_SAMPLE_RATE) * 1000),
  };
}
