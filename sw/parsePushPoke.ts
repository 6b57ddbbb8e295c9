// Reads a push message's payload as a PushPoke (src/protocol/push.ts). A push service, an old
// server or a stray sender may hand the worker anything — empty data, text, JSON of another
// shape — and the worker must still pull and show a notification, so anything unreadable is
// `undefined` (pull everything, word it generically) rather than an error. A poke whose optional
// hints are malformed keeps what is sound: the notebook and version matter, the hints do not.
import { pushPokeSchema, type PushPoke } from '../src/protocol/push';

const OPTIONAL_HINTS = ['notebookName', 'by', 'changes'] as const;

export function parsePushPoke(text: string | null | undefined): PushPoke | undefined {
  if (!text) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = pushPokeSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const core = pushPokeSchema.pick({ type: true, notebookId: true, version: true }).safeParse(json);
  if (!core.success) return undefined;
  const poke: PushPoke = core.data;
  const fields = json as Record<string, unknown>;
  for (const hint of OPTIONAL_HINTS) {
    const value = pushPokeSchema.shape[hint].safeParse(fields[hint]);
    if (value.success && value.data !== undefined) Object.assign(poke, { [hint]: value.data });
  }
  return poke;
}
