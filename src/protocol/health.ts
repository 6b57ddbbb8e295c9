// `GET /api/health`: whether the server and its database answer, and which build runs.
// Before any schema is built: zod without eval in browsers (see zodConfig.ts).
import './zodConfig.js';
import { z } from 'zod';

export const DatabaseKind = {
  sqlite: 'sqlite',
  postgres: 'postgres',
} as const;

export type DatabaseKind = (typeof DatabaseKind)[keyof typeof DatabaseKind];

export const healthResponseSchema = z.object({
  status: z.literal('ok'),
  version: z.string().min(1),
  database: z.enum([DatabaseKind.sqlite, DatabaseKind.postgres]),
});

export type HealthResponse = z.infer<typeof healthResponseSchema>;

/** Throws a ZodError unless `value` is a health response. */
export function assertHealthResponse(value: unknown): asserts value is HealthResponse {
  healthResponseSchema.parse(value);
}
