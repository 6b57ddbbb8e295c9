// A small preview of a photo, made on the device: decoded and scaled with createImageBitmap
// (which downsizes while decoding, so a 12-megapixel photo is not held full size), drawn on an
// OffscreenCanvas (a page canvas where that is missing) and encoded as WebP (JPEG where the
// browser cannot encode WebP), smaller and rougher until its data: URL fits
// AttachmentLimits.thumbnailMax. Runs in the sync worker. Null for what is not an image or
// cannot be decoded: the attachment is kept all the same, shown by its name.
import { AttachmentLimits } from '../protocol/attachments';

const ATTEMPTS: readonly { edge: number; quality: number }[] = [
  { edge: 192, quality: 0.72 },
  { edge: 160, quality: 0.6 },
  { edge: 128, quality: 0.5 },
  { edge: 96, quality: 0.4 },
  { edge: 64, quality: 0.35 },
];

/** A page canvas, typed by what is used here (this module also builds for workers). */
interface PageCanvas {
  width: number;
  height: number;
  getContext(type: '2d'): unknown;
  toBlob(callback: (blob: Blob | null) => void, type: string, quality: number): void;
}
type Canvas2D = OffscreenCanvas | PageCanvas;

function makeCanvas(width: number, height: number): Canvas2D | null {
  if (typeof OffscreenCanvas !== 'undefined') return new OffscreenCanvas(width, height);
  const page = (globalThis as { document?: { createElement(tag: 'canvas'): PageCanvas } }).document;
  if (!page) return null;
  const canvas = page.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  return canvas;
}

function encode(canvas: Canvas2D, type: string, quality: number): Promise<Blob | null> {
  if ('convertToBlob' in canvas) return canvas.convertToBlob({ type, quality });
  return new Promise((resolve) => canvas.toBlob(resolve, type, quality));
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/**
 * Decodes at most `edge` pixels on the long side: with only one of resizeWidth/resizeHeight the
 * browser keeps the aspect ratio, so a portrait photo is decoded again by its height.
 */
async function decodeScaled(blob: Blob, edge: number): Promise<ImageBitmap> {
  const byWidth = await createImageBitmap(blob, { resizeWidth: edge, resizeQuality: 'medium' });
  if (byWidth.height <= edge) return byWidth;
  byWidth.close();
  return createImageBitmap(blob, { resizeHeight: edge, resizeQuality: 'medium' });
}

export async function makeThumbnail(blob: Blob, type: string): Promise<string | null> {
  if (!type.startsWith('image/') || typeof createImageBitmap === 'undefined') return null;
  let format = 'image/webp';
  for (const { edge, quality } of ATTEMPTS) {
    let bitmap: ImageBitmap;
    try {
      bitmap = await decodeScaled(blob, edge);
    } catch {
      return null;
    }
    const canvas = makeCanvas(bitmap.width, bitmap.height);
    const context = canvas?.getContext('2d') as Pick<
      OffscreenCanvasRenderingContext2D,
      'drawImage'
    > | null;
    if (!canvas || !context) {
      bitmap.close();
      return null;
    }
    context.drawImage(bitmap, 0, 0);
    bitmap.close();
    let encoded = await encode(canvas, format, quality);
    if (encoded && encoded.type !== format) {
      format = 'image/jpeg';
      encoded = await encode(canvas, format, quality);
    }
    if (!encoded) return null;
    const url = `data:${encoded.type};base64,${base64(new Uint8Array(await encoded.arrayBuffer()))}`;
    if (url.length <= AttachmentLimits.thumbnailMax) return url;
  }
  return null;
}
