// The pull response's hot path: a first download brings 100,000 entries in pages of 2,000, and
// the zod schema (sync.ts, the definition of the protocol) spends more on each page than storing
// it does. This is the same schema written out by hand: it accepts exactly what
// `pullResponseSchema` accepts and returns the same value (ids lowercased, tags trimmed, unknown
// keys dropped where the schema drops them, refused where it is strict) — parsePullResponse.test.ts
// checks that with fast-check against the schema, on valid, random and broken responses.
//
// Whatever the hand-written checks refuse goes to the schema itself, so its error (with the
// path of the problem) is the one reported, and nothing the schema accepts is ever refused.
import {
  AttachmentLimits,
  MEDIA_TYPE_PATTERN,
  SHA256_PATTERN,
  THUMBNAIL_PATTERN,
} from './attachments.js';
import {
  REFUSED,
  between,
  boolean,
  exactKeys,
  intBetween,
  list,
  matching,
  number,
  object,
  plainObject,
  safeInt,
  string,
  uuid,
  withinChars,
} from './jsonChecks.js';
import { Limits } from './limits.js';
import { hasNoNul } from './text.js';
import { pullResponseSchema, type PullResponse } from './sync.js';
import { GAP_CAUSES } from './track.js';
import { trackPointsProblem } from './trackCodec.js';

const ROLES = new Set(['owner', 'editor', 'viewer']);
const CAUSES = new Set<string>(GAP_CAUSES);
const MAX_TIME = 8.64e15;
const utf8 = new TextEncoder();

function title(value: unknown): string {
  const text = string(value);
  if (!withinChars(text, Limits.titleMax) || !hasNoNul(text)) throw REFUSED;
  return text;
}

function body(value: unknown): string {
  const text = string(value);
  // UTF-8 takes at most 3 bytes per UTF-16 unit: most bodies need no encoding to be measured.
  if (text.length > Limits.bodyMaxBytes) throw REFUSED;
  if (text.length * 3 > Limits.bodyMaxBytes && utf8.encode(text).length > Limits.bodyMaxBytes) {
    throw REFUSED;
  }
  if (!hasNoNul(text)) throw REFUSED;
  return text;
}

function tag(value: unknown): string {
  const trimmed = string(value).trim();
  if (trimmed.length < 1 || !withinChars(trimmed, Limits.tagMax) || !hasNoNul(trimmed)) {
    throw REFUSED;
  }
  return trimmed;
}

function tags(value: unknown): string[] {
  const out = list(value, tag);
  if (out.length > Limits.tagsMax) throw REFUSED;
  return out;
}

function location(value: unknown) {
  if (value === null) return null;
  const place = object(value);
  return {
    latitude: between(place.latitude, -90, 90),
    longitude: between(place.longitude, -180, 180),
    accuracy: between(place.accuracy, 0, 1e7),
  };
}

function time(value: unknown): number | null {
  if (value === null) return null;
  if (safeInt(value, 0) > MAX_TIME) throw REFUSED;
  return value as number;
}

function gap(value: unknown) {
  const input = object(value);
  const cause = string(input.cause);
  if (!CAUSES.has(cause)) throw REFUSED;
  const out = {
    after: safeInt(input.after, -1),
    from: time(input.from),
    to: time(input.to),
    cause,
  };
  exactKeys(input, 4);
  return out;
}

/** A track: its fixes must decode (trackCodec.ts), as the schema checks them. */
function track(value: unknown) {
  if (value === null) return null;
  const input = object(value);
  const points = string(input.points);
  if (points.length > Limits.trackMaxChars || trackPointsProblem(points)) throw REFUSED;
  const gaps = list(input.gaps, gap);
  if (gaps.length > Limits.trackGapsMax) throw REFUSED;
  exactKeys(input, 2);
  return { points, gaps };
}

/** A task's due time: a whole millisecond within Limits.dueMin…dueMax, or null. */
function due(value: unknown): number | null {
  if (value === null) return null;
  const at = safeInt(value, Limits.dueMin);
  if (at > Limits.dueMax) throw REFUSED;
  return at;
}

function fields(value: unknown) {
  const input = object(value);
  const out = {
    title: title(input.title),
    body: body(input.body),
    tags: tags(input.tags),
    done: boolean(input.done),
    location: location(input.location),
    track: track(input.track),
    due: due(input.due),
  };
  exactKeys(input, 7);
  return out;
}

function fieldVersions(value: unknown): Record<string, number> {
  const input = plainObject(value);
  const out: Record<string, number> = {};
  for (const key of Object.keys(input)) {
    // As zod's record does: a "__proto__" key is skipped, value unchecked.
    if (key === '__proto__') continue;
    out[key] = safeInt(input[key], 0);
  }
  return out;
}

function attachmentName(value: unknown): string {
  const trimmed = string(value).trim();
  if (
    trimmed.length < 1 ||
    !withinChars(trimmed, AttachmentLimits.nameMax) ||
    !hasNoNul(trimmed) ||
    /[/\\]/.test(trimmed)
  ) {
    throw REFUSED;
  }
  return trimmed;
}

function attachmentRecord(value: unknown) {
  const input = object(value);
  const out = {
    id: uuid(input.id),
    name: attachmentName(input.name),
    type: matching(input.type, MEDIA_TYPE_PATTERN, 127),
    size: intBetween(input.size, 0, Number.MAX_SAFE_INTEGER),
    sha256: matching(input.sha256, SHA256_PATTERN, Infinity),
    thumbnail:
      input.thumbnail === null
        ? null
        : matching(input.thumbnail, THUMBNAIL_PATTERN, AttachmentLimits.thumbnailMax),
    durationMs:
      input.durationMs === null ? null : intBetween(input.durationMs, 0, 7 * 24 * 3600_000),
    createdAt: number(input.createdAt),
    createdBy: string(input.createdBy),
    stored: boolean(input.stored),
    version: safeInt(input.version, 0),
  };
  exactKeys(input, 11);
  return out;
}

function fieldAuthors(value: unknown): Record<string, string> {
  const input = plainObject(value);
  const out: Record<string, string> = {};
  for (const key of Object.keys(input)) {
    if (key === '__proto__') continue;
    out[key] = string(input[key]);
  }
  return out;
}

function entryRecord(value: unknown) {
  const input = object(value);
  const deleted = input.deleted;
  if (deleted === true) {
    return {
      id: uuid(input.id),
      notebookId: uuid(input.notebookId),
      deleted,
      version: safeInt(input.version, 0),
    };
  }
  if (deleted !== false) throw REFUSED;
  return {
    id: uuid(input.id),
    notebookId: uuid(input.notebookId),
    deleted,
    version: safeInt(input.version, 0),
    fields: fields(input.fields),
    fieldVersions: fieldVersions(input.fieldVersions),
    ...(input.fieldAuthors !== undefined && { fieldAuthors: fieldAuthors(input.fieldAuthors) }),
    conflicted: boolean(input.conflicted),
    createdAt: number(input.createdAt),
    updatedAt: number(input.updatedAt),
    createdBy: string(input.createdBy),
    updatedBy: string(input.updatedBy),
    attachments: list(input.attachments, attachmentRecord),
  };
}

function cursor(value: unknown) {
  const input = object(value);
  const out = { version: safeInt(input.version, 0), horizon: safeInt(input.horizon, 0) };
  exactKeys(input, 2);
  return out;
}

function notebookChanges(value: unknown) {
  const input = object(value);
  return {
    notebookId: uuid(input.notebookId),
    entries: list(input.entries, entryRecord),
    cursor: cursor(input.cursor),
    hasMore: boolean(input.hasMore),
    resetRequired: boolean(input.resetRequired),
  };
}

function notebookSummary(value: unknown) {
  const input = object(value);
  const role = string(input.role);
  if (!ROLES.has(role)) throw REFUSED;
  return {
    id: uuid(input.id),
    name: string(input.name),
    role,
    ownerId: string(input.ownerId),
    version: safeInt(input.version, 0),
    createdAt: number(input.createdAt),
  };
}

function rejection(value: unknown) {
  const input = object(value);
  return {
    mutationId: safeInt(input.mutationId, 1),
    name: string(input.name),
    code: string(input.code),
    message: string(input.message),
    at: number(input.at),
  };
}

/** The hand-written checks alone: the response, or undefined where they refuse it. */
export function checkPullResponse(value: unknown): PullResponse | undefined {
  try {
    const input = object(value);
    return {
      notebooks: list(input.notebooks, notebookSummary),
      removedNotebooks: list(input.removedNotebooks, uuid),
      changes: list(input.changes, notebookChanges),
      hasMore: boolean(input.hasMore),
      lastMutationId: safeInt(input.lastMutationId, 0),
      rejections: list(input.rejections, rejection),
    } as PullResponse;
  } catch (error) {
    if (error === REFUSED) return undefined;
    throw error;
  }
}

/**
 * `pullResponseSchema.safeParse` at a fraction of the cost: the hand-written checks, and the
 * schema itself for whatever they refuse (its error says what is wrong and where).
 */
export const pullResponseParser = {
  safeParse(value: unknown): ReturnType<typeof pullResponseSchema.safeParse> {
    const data = checkPullResponse(value);
    return data ? { success: true, data } : pullResponseSchema.safeParse(value);
  },
};
