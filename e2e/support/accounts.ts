// Accounts for Tideline's e2e specs: fresh users, signing up or in through the app's own form,
// and asking the server directly what an account has (to prove a change really arrived).
import { randomUUID } from 'node:crypto';
import { expect, request, type APIRequestContext, type Page } from '@playwright/test';

export interface TestUser {
  name: string;
  email: string;
  password: string;
}

/** A user no other test uses (each worker's server is shared by its tests). */
export function newUser(name: string): TestUser {
  return {
    name,
    email: `${name.toLowerCase()}-${randomUUID().slice(0, 8)}@example.test`,
    password: 'correct horse battery staple',
  };
}

/** Fills in and submits the sign-in form that is on screen, in either mode. */
async function submitForm(page: Page, user: TestUser, mode: 'sign-in' | 'sign-up'): Promise<void> {
  if (mode === 'sign-up') {
    await page.getByRole('button', { name: 'Create an account' }).click();
    await page.getByLabel('Your name').fill(user.name);
  }
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page
    .getByRole('button', { name: mode === 'sign-up' ? 'Create account' : 'Sign in', exact: true })
    .click();
}

/** Signs up on the sign-in page and waits until the app shows the notebooks. */
export async function signUpThroughUi(page: Page, user: TestUser): Promise<void> {
  await page.goto('/sign-in');
  await submitForm(page, user, 'sign-up');
  await expect(page.getByRole('heading', { level: 1, name: 'Notebooks' })).toBeVisible();
}

/** Signs in with the form on screen (the sign-in page, or the one shown in a page's place). */
export async function signInWithForm(page: Page, user: TestUser): Promise<void> {
  await submitForm(page, user, 'sign-in');
}

/** Creates the account through the API; `api` may be a browser context's `request`, whose
 *  cookie jar the browser shares, so the context is then signed in. */
export async function signUpViaApi(api: APIRequestContext, user: TestUser): Promise<void> {
  const response = await api.post('/api/auth/sign-up', {
    data: { email: user.email, password: user.password, name: user.name },
  });
  expect(response.status(), await response.text()).toBe(201);
}

/** A separate API session for `user` (another "device"), with the Origin the server requires. */
export async function apiSession(baseURL: string, user: TestUser): Promise<APIRequestContext> {
  const api = await request.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL } });
  const response = await api.post('/api/auth/sign-in', {
    data: { email: user.email, password: user.password },
  });
  expect(response.status(), await response.text()).toBe(200);
  return api;
}

/** The names of the notebooks the server has for `user`, asked as a brand-new sync client. */
export async function serverNotebookNames(baseURL: string, user: TestUser): Promise<string[]> {
  const api = await apiSession(baseURL, user);
  try {
    const response = await api.post('/api/sync/pull', {
      data: { clientId: randomUUID(), cursors: {} },
    });
    expect(response.status(), await response.text()).toBe(200);
    const body = (await response.json()) as { notebooks: { name: string }[] };
    return body.notebooks.map((notebook) => notebook.name).sort();
  } finally {
    await api.dispose();
  }
}
