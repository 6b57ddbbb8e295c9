// A GPS track as an entry field (`track`). It travels as a compact field of its entry, not as
// an attachment: it syncs atomically with the entry through the same outbox, exactly once and
// versioned per field like the title; a teammate has it the moment the entry arrives, offline
// too; and it needs no upload state machine. The fixes are a compact string (trackCodec.ts) with
// a size limit that holds a 10,000-fix recording several times over; the gaps — stretches with
// no positions and why — travel beside them, so every device shows where the track has holes.
// Before any schema is built: zod without eval in browsers (see zodConfig.ts).
import './zodConfig.js';
import { z } from 'zod';
import { Limits } from './limits.js';
import { trackPointsProblem } from './trackCodec.js';

/** Why a track has no positions for a while. */
export const GapCause = {
  /** The page was hidden (another app, screen off): the web gives no positions then. */
  Hidden: 'hidden',
  /** Location permission was withdrawn during the recording. */
  Permission: 'permission',
  /** The device could not get a usable fix (indoors, tunnel, poor accuracy). */
  NoFix: 'no-fix',
  /** The person paused the recording. */
  Paused: 'paused',
  /** The app was closed or reloaded mid-recording. */
  Closed: 'closed',
  /** A break between segments of an imported file. */
  Segment: 'segment',
} as const;
export type GapCause = (typeof GapCause)[keyof typeof GapCause];

export const GAP_CAUSES = Object.values(GapCause) as [GapCause, ...GapCause[]];

const time = z.number().int().min(0).max(8.64e15);

export const trackGapSchema = z
  .object({
    /** The index of the last fix before the gap (-1: before the first fix). */
    after: z.number().int().min(-1),
    /** When positions stopped and started again (null: unknown, as in a file without times). */
    from: time.nullable(),
    to: time.nullable(),
    cause: z.enum(GAP_CAUSES),
  })
  .strict();
export type TrackGap = z.infer<typeof trackGapSchema>;

export const TRACK_TOO_LARGE_MESSAGE = `a track must be at most ${Limits.trackMaxChars / 1024} KB encoded (about 25,000 fixes): split it into shorter tracks`;

export const trackSchema = z
  .object({
    /** The fixes, encoded by trackCodec.ts. */
    points: z
      .string()
      .max(Limits.trackMaxChars, TRACK_TOO_LARGE_MESSAGE)
      .superRefine((points, context) => {
        const problem = trackPointsProblem(points);
        if (problem) {
          context.addIssue({
            code: 'custom',
            message: `the track's fixes are damaged: ${problem.message} (fix ${problem.fix + 1})`,
          });
        }
      }),
    gaps: z
      .array(trackGapSchema)
      .max(Limits.trackGapsMax, `a track can have at most ${Limits.trackGapsMax} gaps`),
  })
  .strict();
export type Track = z.infer<typeof trackSchema>;
