// Text a person writes (titles, bodies, tags, names) may hold any character but U+0000: the
// NUL character means nothing in a notebook, and PostgreSQL cannot store it in text, so the
// same input would be kept on SQLite and fail on PostgreSQL. Refused here, where both the
// app (before a local write) and the server (before storing) check their input.
export const NUL_MESSAGE = 'text cannot contain the NUL character (U+0000)';

export function hasNoNul(text: string): boolean {
  return !text.includes('\u0000');
}
