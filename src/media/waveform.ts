// A memo's small waveform: the loudness samples taken while recording, reduced to a fixed number
// of bars. Computed from the levels the recorder already measured, so a 10-minute memo needs no
// decoding and no long task. The same bars drawn into a tiny PNG become the memo's thumbnail,
// which teammates see with the entry before the audio is downloaded.

/** Reduces `levels` to `bars` values (the loudest sample in each span), each 0–1. */
export function waveformBars(levels: readonly number[], bars: number): number[] {
  if (levels.length === 0 || bars <= 0) return [];
  const count = Math.min(bars, levels.length);
  const result: number[] = [];
  for (let bar = 0; bar < count; bar += 1) {
    const from = Math.floor((bar * levels.length) / count);
    const to = Math.max(from + 1, Math.floor(((bar + 1) * levels.length) / count));
    let loudest = 0;
    for (let i = from; i < to; i += 1) loudest = Math.max(loudest, levels[i] ?? 0);
    result.push(Math.min(1, Math.max(0, loudest)));
  }
  return result;
}

export const THUMBNAIL_SIZE = { width: 160, height: 48 } as const;

/** Draws the bars as a small PNG data: URL, or null where OffscreenCanvas is missing. */
export async function waveformThumbnail(bars: readonly number[]): Promise<string | null> {
  if (typeof OffscreenCanvas === 'undefined' || bars.length === 0) return null;
  const { width, height } = THUMBNAIL_SIZE;
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d');
  if (!context) return null;
  context.fillStyle = '#0b6e6e';
  const step = width / bars.length;
  bars.forEach((value, index) => {
    const barHeight = Math.max(2, value * height);
    context.fillRect(
      index * step + 0.5,
      (height - barHeight) / 2,
      Math.max(1, step - 1),
      barHeight,
    );
  });
  const blob = await canvas.convertToBlob({ type: 'image/png' });
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `data:image/png;base64,${btoa(binary)}`;
}
