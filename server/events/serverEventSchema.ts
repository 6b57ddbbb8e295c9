// The wire form of a ServerEvent between server instances (a NOTIFY payload). Another instance
// may run a different build, so what arrives is validated like any other input.
import { z } from 'zod';
import { MembershipChange } from '../../src/protocol/events.js';
import { uuidSchema, versionSchema } from '../../src/protocol/ids.js';
import type { ServerEvent } from './EventBus.js';

export const serverEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('poke'),
    notebookId: uuidSchema,
    version: versionSchema,
    originClientId: uuidSchema.optional(),
  }),
  z.object({
    type: z.literal('membership'),
    notebookId: uuidSchema,
    userId: z.string().min(1).max(64),
    change: z.enum(Object.values(MembershipChange)),
  }),
  z.object({
    type: z.literal('sessions-ended'),
    userId: z.string().min(1).max(64),
    // 100 ids keep a NOTIFY payload far under PostgreSQL's 8000 bytes.
    sessionIds: z.array(z.string().min(1).max(64)).max(100).optional(),
    exceptSessionId: z.string().min(1).max(64).optional(),
  }),
]) satisfies z.ZodType<ServerEvent>;

/** The event in `payload`, or undefined when it is not valid JSON or not a ServerEvent. */
export function parseServerEvent(payload: string): ServerEvent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return undefined;
  }
  const parsed = serverEventSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
