// How an attachment's bytes are served so that nothing a person uploaded can act as part of the
// app: images, audio and video of known-safe types are shown inline with their type; everything
// else (HTML, SVG, PDF, scripts, unknown types) is a download of application/octet-stream. Every
// answer carries nosniff and a sandboxing CSP, so even a browser that renders it runs nothing.
const INLINE_TYPES = new Set([
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'image/avif',
  'image/heic',
  'image/heif',
  'image/bmp',
  'audio/mpeg',
  'audio/mp4',
  'audio/aac',
  'audio/ogg',
  'audio/webm',
  'audio/wav',
  'audio/x-wav',
  'audio/flac',
  'video/mp4',
  'video/webm',
  'video/ogg',
  'video/quicktime',
]);

/** The type without parameters, lower-cased (`audio/webm;codecs=opus` → `audio/webm`). */
function essence(type: string): string {
  return type.split(';')[0]!.trim().toLowerCase();
}

export function isInlineType(type: string): boolean {
  return INLINE_TYPES.has(essence(type));
}

/** RFC 6266 / 8187: an ASCII fallback and the exact UTF-8 name. */
function dispositionHeader(kind: 'inline' | 'attachment', name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const exact = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${exact}`;
}

export function contentHeaders(attachment: {
  name: string;
  type: string;
  sha256: string;
}): Record<string, string> {
  const inline = isInlineType(attachment.type);
  return {
    'content-type': inline ? essence(attachment.type) : 'application/octet-stream',
    'content-disposition': dispositionHeader(inline ? 'inline' : 'attachment', attachment.name),
    'x-content-type-options': 'nosniff',
    'content-security-policy': "sandbox; default-src 'none'",
    'cross-origin-resource-policy': 'same-origin',
    'accept-ranges': 'bytes',
    etag: `"${attachment.sha256}"`,
    // The bytes behind an attachment never change; who may read them can, so only this browser caches.
    'cache-control': 'private, max-age=31536000, immutable',
  };
}
