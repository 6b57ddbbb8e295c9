// Size limits of the API, enforced by the server's schemas and checked early by clients.
export const Limits = {
  /** Characters in an entry title. */
  titleMax: 200,
  /** UTF-8 bytes in an entry body. */
  bodyMaxBytes: 100 * 1024,
  /** Tags on one entry. */
  tagsMax: 20,
  /** Characters in one tag. */
  tagMax: 40,
  /** Characters in a notebook name. */
  notebookNameMax: 100,
  /** Mutations in one push. */
  mutationsPerPush: 500,
  /** Bytes in any request body. */
  requestBodyBytes: 1024 * 1024,
  /** Entries in one pull page unless the client asks for fewer. */
  pullPageDefault: 500,
  /** The most entries one pull returns. */
  pullPageMax: 2000,
  /**
   * Bytes of entry JSON after which a pull page stops (`hasMore`), whatever its entry count; a
   * page always carries at least one entry.
   */
  pullPageBytes: 1024 * 1024,
  /** Characters in an email address. */
  emailMax: 254,
  passwordMin: 8,
  passwordMax: 200,
  /** Characters in a display or device name. */
  nameMax: 80,
  /** Characters of a track's encoded fixes (trackCodec.ts): a 10,000-fix walk takes ~100 KB. */
  trackMaxChars: 256 * 1024,
  /** Gaps recorded in one track. */
  trackGapsMax: 1000,
  /** A task's due time (ms since the epoch) is on or after 2000-01-01 UTC… */
  dueMin: Date.UTC(2000, 0, 1),
  /** …and before 10000-01-01 UTC (a four-digit year). */
  dueMax: Date.UTC(10000, 0, 1) - 1,
} as const;
