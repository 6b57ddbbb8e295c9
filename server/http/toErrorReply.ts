// Turns anything a route, hook or Fastify itself threw into the status and the
// shared error body the client gets. Client mistakes keep their 4xx status and
// a useful message; everything else becomes a bare 500 with no internals.
import { ZodError } from 'zod';
import { ErrorCode, errorBody } from '../../src/protocol/errorBody.js';
import type { ErrorBody } from '../../src/protocol/errorBody.js';
import { NUL_MESSAGE } from '../../src/protocol/text.js';
import { ApiError } from '../errors.js';

export interface ErrorReply {
  statusCode: number;
  body: ErrorBody;
  /** False for failures nobody planned for: the caller logs those with their stack. */
  expected: boolean;
}

export const INTERNAL_MESSAGE =
  'Something went wrong on the server. Try again; if it keeps happening, report it.';

const CODE_BY_STATUS: Readonly<Record<number, string>> = {
  400: ErrorCode.badRequest,
  404: ErrorCode.notFound,
  405: ErrorCode.methodNotAllowed,
  413: ErrorCode.payloadTooLarge,
  415: ErrorCode.unsupportedMediaType,
  429: ErrorCode.tooManyRequests,
};

// Fastify's own body-parsing failures, with wording for people who call the API.
const FASTIFY_ERRORS: Readonly<Record<string, { code: string; message: string }>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: {
    code: ErrorCode.invalidJson,
    message: 'The request body is not valid JSON.',
  },
  FST_ERR_BAD_URL: {
    code: ErrorCode.badRequest,
    message: 'The request path is not valid percent-encoded UTF-8.',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    code: ErrorCode.invalidJson,
    message: 'The request body is empty but its content-type is application/json.',
  },
};

/** PostgreSQL's character_not_in_repertoire: a NUL in text ("invalid byte sequence"). */
const PG_UNTRANSLATABLE_CHARACTER = '22021';

function fields(error: unknown): { code?: unknown; statusCode?: unknown; message?: unknown } {
  return typeof error === 'object' && error !== null ? error : {};
}

function describeZodError(error: ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'The request is not valid.';
  const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return `${where}${issue.message}`;
}

export function toErrorReply(error: unknown): ErrorReply {
  if (error instanceof ApiError) {
    return {
      statusCode: error.statusCode,
      body: errorBody(error.code, error.message),
      expected: true,
    };
  }
  if (error instanceof ZodError) {
    return {
      statusCode: 400,
      body: errorBody(ErrorCode.invalidRequest, describeZodError(error)),
      expected: true,
    };
  }

  const { code, statusCode, message } = fields(error);
  // PostgreSQL refusing a character (U+0000) in text that no schema caught: the input's fault.
  if (code === PG_UNTRANSLATABLE_CHARACTER) {
    return {
      statusCode: 400,
      body: errorBody(ErrorCode.invalidRequest, `The request's ${NUL_MESSAGE}.`),
      expected: true,
    };
  }
  const known = typeof code === 'string' ? FASTIFY_ERRORS[code] : undefined;
  if (known !== undefined) {
    return { statusCode: 400, body: errorBody(known.code, known.message), expected: true };
  }
  // Fastify, its plugins and http-errors mark client errors with a 4xx statusCode
  // and a message written for the client; anything else is our fault.
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    const validation = 'validation' in fields(error);
    return {
      statusCode,
      body: errorBody(
        validation
          ? ErrorCode.invalidRequest
          : (CODE_BY_STATUS[statusCode] ?? ErrorCode.badRequest),
        typeof message === 'string' && message !== '' ? message : 'The request was not accepted.',
      ),
      expected: true,
    };
  }
  return {
    statusCode: 500,
    body: errorBody(ErrorCode.internal, INTERNAL_MESSAGE),
    expected: false,
  };
}
