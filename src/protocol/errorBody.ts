// The error body every API failure answers with: `{"error":{"code","message"}}`.
// Clients branch on `code` (stable, kebab-case); `message` is for people.
// Before any schema is built: zod without eval in browsers (see zodConfig.ts).
import './zodConfig.js';
import { z } from 'zod';

/** Codes the server uses for failures that any endpoint can produce. */
export const ErrorCode = {
  badRequest: 'bad-request',
  invalidJson: 'invalid-json',
  invalidRequest: 'invalid-request',
  notFound: 'not-found',
  methodNotAllowed: 'method-not-allowed',
  payloadTooLarge: 'payload-too-large',
  unsupportedMediaType: 'unsupported-media-type',
  tooManyRequests: 'too-many-requests',
  databaseUnavailable: 'database-unavailable',
  internal: 'internal',
} as const;

// `code` stays an open string on the wire so that a client built before a new
// code existed still parses the body and can fall back to `message`.
export const errorBodySchema = z.object({
  error: z.object({
    code: z.string().min(1),
    message: z.string(),
  }),
});

export type ErrorBody = z.infer<typeof errorBodySchema>;

export function errorBody(code: string, message: string): ErrorBody {
  return { error: { code, message } };
}

/** Throws a ZodError unless `value` is an error body. */
export function assertErrorBody(value: unknown): asserts value is ErrorBody {
  errorBodySchema.parse(value);
}

/** Whether `value` is an error body, for clients reading an unknown response. */
export function isErrorBody(value: unknown): value is ErrorBody {
  return errorBodySchema.safeParse(value).success;
}
