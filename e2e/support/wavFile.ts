// A WAV file for Chromium's fake microphone (`--use-file-for-fake-audio-capture`): a tone that
// rises and falls in loudness, so a recording of it has a level meter that moves and a waveform
// with shape. 16-bit PCM mono; Chromium loops the file for as long as the capture runs.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function toneWav(seconds: number, sampleRate = 48_000): Buffer {
  const samples = Math.round(seconds * sampleRate);
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i += 1) {
    const t = i / sampleRate;
    const envelope = 0.2 + 0.7 * Math.abs(Math.sin(Math.PI * t * 0.5));
    const value = Math.sin(2 * Math.PI * 440 * t) * envelope;
    data.writeInt16LE(Math.round(value * 32_000), i * 2);
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

/** Writes the tone to a temporary file and returns its path. */
export function writeToneWav(seconds = 4): string {
  const path = join(mkdtempSync(join(tmpdir(), 'tideline-mic-')), 'tone.wav');
  writeFileSync(path, toneWav(seconds));
  return path;
}
