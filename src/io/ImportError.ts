// Why an import file was refused. Nothing is written when one is thrown: the whole file is
// checked before the first entry is created. Callers branch on `code`; `issues` name the entries
// and fields at fault, for the user to fix the file.
export const ImportErrorCode = {
  TooLarge: 'too-large',
  NotJson: 'not-json',
  NotTideline: 'not-tideline',
  UnsupportedVersion: 'unsupported-version',
  InvalidEntries: 'invalid-entries',
} as const;
export type ImportErrorCode = (typeof ImportErrorCode)[keyof typeof ImportErrorCode];

export interface ImportIssue {
  /** Where in the file, in words: `entry 3, title`. */
  path: string;
  message: string;
}

export class ImportError extends Error {
  override readonly name = 'ImportError';

  constructor(
    readonly code: ImportErrorCode,
    message: string,
    readonly issues: readonly ImportIssue[] = [],
  ) {
    super(message);
  }
}
