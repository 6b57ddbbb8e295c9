// Which container and codec to record a voice memo in, chosen at run time from what this
// browser's MediaRecorder says it supports. Opus in WebM where it records well (Chromium,
// Firefox); MP4 (AAC) in Safari, whose WebM/Opus recordings carry broken durations. The order
// below is the preference; Safari is recognised by its vendor string because it also claims
// WebM support.

export interface RecorderFormat {
  /** The MIME type handed to MediaRecorder and stored with the memo. */
  mimeType: string;
  /** The file extension for a download. */
  extension: string;
  /** Whether the container's duration must be written after recording (WebM has none). */
  needsDurationFix: boolean;
}

const WEBM_OPUS: RecorderFormat = {
  mimeType: 'audio/webm;codecs=opus',
  extension: 'webm',
  needsDurationFix: true,
};
const OGG_OPUS: RecorderFormat = {
  mimeType: 'audio/ogg;codecs=opus',
  extension: 'ogg',
  needsDurationFix: false,
};
const MP4_AAC: RecorderFormat = {
  mimeType: 'audio/mp4',
  extension: 'm4a',
  needsDurationFix: false,
};

export interface FormatEnvironment {
  isTypeSupported(type: string): boolean;
  /** `navigator.vendor`: "Apple Computer, Inc." in Safari and WebKit. */
  vendor: string;
}

/** The format to record in, or null when this browser cannot record audio at all. */
export function chooseRecorderFormat(env: FormatEnvironment | null): RecorderFormat | null {
  if (!env) return null;
  const apple = /apple/i.test(env.vendor);
  const preference = apple ? [MP4_AAC, WEBM_OPUS, OGG_OPUS] : [WEBM_OPUS, OGG_OPUS, MP4_AAC];
  return preference.find((format) => env.isTypeSupported(format.mimeType)) ?? null;
}

/** This browser's recording environment, or null without MediaRecorder or a microphone API. */
export function browserFormatEnvironment(): FormatEnvironment | null {
  if (typeof MediaRecorder === 'undefined' || !navigator.mediaDevices?.getUserMedia) return null;
  return {
    isTypeSupported: (type) => MediaRecorder.isTypeSupported(type),
    vendor: navigator.vendor ?? '',
  };
}
