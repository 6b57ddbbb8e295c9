// How the attachment code reaches the server: this origin with the session cookie in the app,
// another base URL and a bearer token in Node tests. One small value, passed down, so the upload
// machine, the downloads and the limits run alike in the sync worker, the service worker and Node.
export interface FileApi {
  /** Where the API lives ('' = this origin). */
  baseUrl: string;
  /** Extra headers for every request (a bearer token outside the browser). */
  headers?: () => Record<string, string>;
  fetch?: typeof fetch;
}

export const SAME_ORIGIN: FileApi = { baseUrl: '' };

export function apiFetch(api: FileApi, path: string, init: RequestInit = {}): Promise<Response> {
  const fetchImpl = api.fetch ?? globalThis.fetch.bind(globalThis);
  return fetchImpl(`${api.baseUrl}${path}`, {
    credentials: 'same-origin',
    ...init,
    headers: {
      ...(api.headers?.() ?? {}),
      ...(init.headers as Record<string, string> | undefined),
    },
  });
}

/** An absolute URL for `path` (tus needs one; '' base = this origin). */
export function apiUrl(api: FileApi, path: string): string {
  if (api.baseUrl) return `${api.baseUrl}${path}`;
  return new URL(path, (globalThis as { location?: { href: string } }).location?.href).href;
}
