// Tideline's pages and the paths that reach them. Matching is a pure function so it is tested in
// Node and shared by the shell, the service worker's deep links and notification clicks.
export const PageName = {
  SignIn: 'sign-in',
  Notebooks: 'notebooks',
  Notebook: 'notebook',
  Entry: 'entry',
  Settings: 'settings',
  Join: 'join',
  ResetPassword: 'reset-password',
  NotFound: 'not-found',
} as const;
export type PageName = (typeof PageName)[keyof typeof PageName];

export interface Route {
  page: PageName;
  /** Path pattern; `:name` matches one non-empty path segment. */
  pattern: string;
  title: string;
}

export const routes: readonly Route[] = [
  { page: PageName.Notebooks, pattern: '/', title: 'Notebooks' },
  { page: PageName.SignIn, pattern: '/sign-in', title: 'Sign in' },
  { page: PageName.Notebooks, pattern: '/notebooks', title: 'Notebooks' },
  { page: PageName.Notebook, pattern: '/notebooks/:notebookId', title: 'Notebook' },
  {
    page: PageName.Entry,
    pattern: '/notebooks/:notebookId/entries/:entryId',
    title: 'Entry',
  },
  { page: PageName.Settings, pattern: '/settings', title: 'Settings' },
  { page: PageName.Join, pattern: '/join/:token', title: 'Join a notebook' },
  { page: PageName.ResetPassword, pattern: '/reset-password', title: 'Reset your password' },
];

/** Pages anyone may open; every other page needs someone signed in (the shell shows sign-in). */
export const PUBLIC_PAGES: ReadonlySet<PageName> = new Set<PageName>([
  PageName.SignIn,
  PageName.Settings,
  // The join page sends a signed-out visitor to sign in and back, keeping the invite in `next`.
  PageName.Join,
  // Reached signed out, from a link in an e-mail (its token in the fragment).
  PageName.ResetPassword,
  PageName.NotFound,
]);

export interface RouteMatch {
  page: PageName;
  title: string;
  params: Record<string, string>;
  path: string;
}

function segments(path: string): string[] {
  return path.split('/').filter((part) => part !== '');
}

/** Finds the page for a pathname; unknown paths match the not-found page. */
export function matchRoute(pathname: string): RouteMatch {
  const parts = segments(pathname);
  for (const route of routes) {
    const pattern = segments(route.pattern);
    if (pattern.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const matched = pattern.every((piece, index) => {
      const part = parts[index] as string;
      if (piece.startsWith(':')) {
        try {
          params[piece.slice(1)] = decodeURIComponent(part);
        } catch {
          return false;
        }
        return true;
      }
      return piece === part;
    });
    if (matched) return { page: route.page, title: route.title, params, path: pathname };
  }
  return { page: PageName.NotFound, title: 'Not found', params: {}, path: pathname };
}

/** Builds a path for a page from its parameters, encoding each one. */
export function pathFor(page: PageName, params: Record<string, string> = {}): string {
  const route = routes.find((candidate) => candidate.page === page && candidate.pattern !== '/');
  if (!route) return '/';
  return route.pattern.replace(/:(\w+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new TypeError(`pathFor(${page}) needs "${name}"`);
    return encodeURIComponent(value);
  });
}

/**
 * The `?next=` path to go to after signing in, when it is a path inside this app; anything else
 * (another origin, `//host`, the API) is ignored so a link cannot send people off-site.
 */
export function safeNextPath(next: string | null | undefined): string | undefined {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) {
    return undefined;
  }
  const url = new URL(next, 'https://tideline.invalid');
  if (url.origin !== 'https://tideline.invalid' || url.pathname.startsWith('/api/')) {
    return undefined;
  }
  return url.pathname + url.search + url.hash;
}
