import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiError } from '../errors.js';
import { INTERNAL_MESSAGE, toErrorReply } from './toErrorReply.js';

describe('toErrorReply', () => {
  it('keeps an ApiError’s status, code and message', () => {
    expect(toErrorReply(new ApiError(409, 'conflict', 'Already there.'))).toEqual({
      statusCode: 409,
      body: { error: { code: 'conflict', message: 'Already there.' } },
      expected: true,
    });
  });

  it('answers a ZodError with 400 invalid-request naming the field', () => {
    const result = z.object({ name: z.string() }).safeParse({ name: 1 });
    if (result.success) throw new Error('expected a failure');
    const reply = toErrorReply(result.error);
    expect(reply.statusCode).toBe(400);
    expect(reply.body.error.code).toBe('invalid-request');
    expect(reply.body.error.message).toMatch(/^name: /);
  });

  it('passes on 4xx errors from Fastify and http-errors', () => {
    const error = Object.assign(new Error('Method not allowed here'), { statusCode: 405 });
    expect(toErrorReply(error)).toEqual({
      statusCode: 405,
      body: { error: { code: 'method-not-allowed', message: 'Method not allowed here' } },
      expected: true,
    });
  });

  it('hides everything about other errors', () => {
    const error = new Error('connection to db.internal:5432 lost');
    const reply = toErrorReply(error);
    expect(reply).toEqual({
      statusCode: 500,
      body: { error: { code: 'internal', message: INTERNAL_MESSAGE } },
      expected: false,
    });
    expect(toErrorReply(Object.assign(new Error('x'), { statusCode: 502 })).statusCode).toBe(500);
    expect(toErrorReply('a string').statusCode).toBe(500);
  });
});
