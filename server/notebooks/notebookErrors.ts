// The refusals of the member and invite calls, as ApiErrors with the codes of
// src/protocol/notebooks.ts. Each message says what happened and what the user can do.
import { NotebookErrorCode } from '../../src/protocol/notebooks.js';
import { ApiError } from '../errors.js';

/** Also what a non-member gets, so that a notebook's existence is not revealed to outsiders. */
export function notebookNotFound(): ApiError {
  return new ApiError(
    404,
    NotebookErrorCode.notebookNotFound,
    'That notebook does not exist or you are not a member of it.',
  );
}

export function ownerOnly(what: string): ApiError {
  return new ApiError(
    403,
    NotebookErrorCode.ownerOnly,
    `Only the notebook's owner can ${what}. Ask them to do it for you.`,
  );
}

export function memberNotFound(): ApiError {
  return new ApiError(
    404,
    NotebookErrorCode.memberNotFound,
    'That person is not a member of this notebook.',
  );
}

export function inviteNotFound(): ApiError {
  return new ApiError(
    404,
    NotebookErrorCode.inviteNotFound,
    'This notebook has no invite with that id.',
  );
}

export function ownerIsFixed(message: string): ApiError {
  return new ApiError(409, NotebookErrorCode.ownerIsFixed, message);
}

export function tooManyInvites(limit: number): ApiError {
  return new ApiError(
    409,
    NotebookErrorCode.tooManyInvites,
    `This notebook already has ${limit} usable invite links. Revoke some before creating more.`,
  );
}

export function inviteInvalid(): ApiError {
  return new ApiError(
    404,
    NotebookErrorCode.inviteInvalid,
    'This invite link is invalid or has expired. Ask the notebook’s owner for a new one.',
  );
}
