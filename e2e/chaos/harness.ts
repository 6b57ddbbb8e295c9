// The seeded chaos harness: one run = one seed. Three people (Ana on two devices, Ben, Cy) in
// separate headless-Chromium contexts with their service workers share two notebooks and take
// seeded random steps — writes through the app's local-write path, concurrent edits, offline
// spells, reloads, closed apps, stopped workers, sync/periodicsync/push events, server restarts —
// while the fault proxy between the browsers and the server drops, delays and refuses requests.
// Then everything heals, every device syncs to quiescence, and the invariants are checked.
//
// With `attachments` on, devices also attach small files to entries (through the app's own attach
// path); the invariants then add: every applied attachment is on its entry on the server exactly
// once, stored, with the very bytes attached, and every device's uploads finished.
//
// Every choice comes from one seeded PRNG (and the proxy's seeded per-request PRNGs), so a seed
// replays the same steps; what the step log says is the same on every replay.
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { buildSync } from 'esbuild';
import type { EntryRow, DeadLetterRow, OutboxRow, CursorRow } from '../../src/db/entities';
import type { UploadRow } from '../../src/attachments/entities';
import type { EntryRecord, HistoryItem } from '../../src/protocol/entry';
import type { PullResponse } from '../../src/protocol/sync';
import { ServiceWorkerDriver, waitForController } from '../fixtures/serviceWorker';
import { ROOT } from '../fixtures/server';
import { FAULT_KINDS, FaultProxy, seededRandom, type FaultKind } from '../support/faultProxy';
import type { AgentWrite, ChaosAgent } from './agent';
import { ChaosServer } from './serverProcess';

export const STEP_KINDS = [
  'create',
  'edit',
  'concurrentEdit',
  'toggleDone',
  'delete',
  'offline',
  'online',
  'reload',
  'closeAll',
  'reopen',
  'stopWorker',
  'syncEvent',
  'periodicSync',
  'push',
  'restartServer',
  'faults',
  'wait',
  // Last, and only with `attachments` on: the other kinds' draws stay as they were for a seed.
  'attach',
] as const;
export type StepKind = (typeof STEP_KINDS)[number];

const WEIGHTS: Record<StepKind, number> = {
  create: 10,
  edit: 12,
  concurrentEdit: 4,
  toggleDone: 5,
  delete: 2,
  offline: 2,
  online: 2,
  reload: 2,
  closeAll: 1,
  reopen: 2,
  stopWorker: 2,
  syncEvent: 2,
  periodicSync: 1,
  push: 2,
  restartServer: 1,
  faults: 3,
  wait: 3,
  attach: 8,
};

export interface ChaosResult {
  seed: number;
  steps: number;
  log: string[];
  failures: string[];
  faults: Record<FaultKind, number>;
  stepCounts: Partial<Record<StepKind, number>>;
  mutations: { checked: number; applied: number; rejected: number };
  lost: number;
  duplicated: number;
  diverged: number;
  ms: number;
  /** Files attached (with `attachments` on) and how many of them failed an invariant. */
  attachments: { attached: number; stored: number; failed: number };
}

interface Person {
  name: string;
  email: string;
}

interface Device {
  name: string;
  person: Person;
  context: BrowserContext;
  page: Page | null;
  driver: ServiceWorkerDriver | null;
  offline: boolean;
  notebooks: string[];
}

interface Written {
  device: string;
  mutationId: number;
  kind: 'create' | 'edit' | 'toggleDone' | 'delete' | 'attach';
  notebookId: string;
  entryId: string;
  /** The unique title this mutation wrote (create and edit). */
  title?: string;
  /** An attach: the attachment, and the bytes' SHA-256 computed here (not by the device). */
  attachment?: { id: string; sha256: string; size: number };
}

interface Snapshot {
  clientId: string | null;
  lastMutationId: number;
  nextMutationId: number;
  entries: EntryRow[];
  outbox: OutboxRow[];
  deadLetters: DeadLetterRow[];
  cursors: CursorRow[];
  rejectionsToAck: number[];
  uploads: UploadRow[];
}

const PASSWORD = 'correct horse battery staple';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let agentScript: string | undefined;
/** The in-page agent, bundled once per process from e2e/chaos/agent.ts. */
function agentSource(): string {
  agentScript ??= buildSync({
    entryPoints: [join(ROOT, 'e2e/chaos/agent.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    minify: true,
    write: false,
    logLevel: 'silent',
  }).outputFiles[0]!.text;
  return `if (location.protocol === 'http:') {${agentScript}}`;
}

/** Reads a JSON file of the build to make sure the built app exists before a run. */
export function assertBuilt(): void {
  readFileSync(join(ROOT, 'dist/index.html'));
  readFileSync(join(ROOT, 'dist-server/server/main.js'));
}

/** How long context.setOffline may wait for a stopped service worker before it is started. */
const SET_OFFLINE_PATIENCE_MS = 2_000;

/**
 * Takes the device offline or online (d.offline): `context.setOffline` for its pages and its
 * service worker. Playwright applies the setting to the context's service workers too, and a
 * worker stopped through CDP (the stopWorker step) queues the command until it runs again, so the
 * call would wait for whatever next starts the worker — seeds 14 and 34 waited for ever. If it
 * has not returned within SET_OFFLINE_PATIENCE_MS, the worker is started, as the browser starts
 * it for any event (through a blank page when no page of the app is open), and the call
 * completes. Returns a note for the step log when that was needed.
 */
export async function setNetwork(
  d: Pick<Device, 'context' | 'driver' | 'offline'>,
  origin: string,
): Promise<string> {
  const applied = d.context.setOffline(d.offline);
  let timer: NodeJS.Timeout | undefined;
  const patient = await Promise.race([
    applied.then(() => true),
    new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), SET_OFFLINE_PATIENCE_MS);
    }),
  ]).finally(() => clearTimeout(timer));
  if (patient) return '';
  if (d.driver) {
    await d.driver.startWorker();
  } else {
    const blank = await d.context.newPage();
    try {
      const driver = await ServiceWorkerDriver.attach(blank, origin);
      await driver.startWorker();
      await driver.detach();
    } finally {
      await blank.close();
    }
  }
  await applied;
  return ' (worker started to apply it)';
}

/** How long one step may take before the run reports it as stuck. */
const STEP_TIMEOUT_MS = 90_000;

export interface ChaosOptions {
  /** Called with each line of the step log as it is written. */
  onLog?: (line: string) => void;
  /** Devices also attach small files (the `attach` step) and the attachment invariants run. */
  attachments?: boolean;
}

export async function runChaos(
  browser: Browser,
  seed: number,
  stepCount: number,
  options: ChaosOptions = {},
): Promise<ChaosResult> {
  const started = Date.now();
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const log: string[] = [];
  const failures: string[] = [];
  const stepCounts: Partial<Record<StepKind, number>> = {};
  const note = (line: string) => {
    log.push(line);
    options.onLog?.(line);
  };

  const server = await ChaosServer.start();
  const proxy = await FaultProxy.start({ target: server.baseURL, seed });
  const origin = proxy.url;
  const devices: Device[] = [];
  const written: Written[] = [];
  const knownEntries = new Map<string, string[]>();
  let titles = 0;
  /** The run's result, with what the invariants found (nothing, when the run was aborted). */
  const outcome = (
    found: Pick<ChaosResult, 'mutations' | 'lost' | 'duplicated' | 'diverged' | 'attachments'>,
  ): ChaosResult => ({
    seed,
    steps: stepCount,
    log,
    failures,
    faults: Object.fromEntries(FAULT_KINDS.map((k) => [k, proxy.counts[k]])) as Record<
      FaultKind,
      number
    >,
    stepCounts,
    mutations: found.mutations,
    lost: found.lost,
    duplicated: found.duplicated,
    diverged: found.diverged,
    attachments: found.attachments,
    ms: Date.now() - started,
  });

  try {
    // People, devices and notebooks, with the network healthy.
    const people: Person[] = ['Ana', 'Ben', 'Cy'].map((name) => ({
      name,
      email: `${name.toLowerCase()}-${seed}-${randomUUID().slice(0, 8)}@example.test`,
    }));
    const deviceNames: [string, Person][] = [
      ['ana-laptop', people[0]!],
      ['ana-phone', people[0]!],
      ['ben', people[1]!],
      ['cy', people[2]!],
    ];
    for (const [name, person] of deviceNames) {
      const context = await browser.newContext({ baseURL: origin, serviceWorkers: 'allow' });
      await context.addInitScript({ content: agentSource() });
      const first = !devices.some((device) => device.person === person);
      const response = await context.request.post(
        first ? '/api/auth/sign-up' : '/api/auth/sign-in',
        {
          data: first
            ? { email: person.email, password: PASSWORD, name: person.name }
            : { email: person.email, password: PASSWORD },
          headers: { origin },
        },
      );
      if (!response.ok()) throw new Error(`${name}: sign-in failed: ${await response.text()}`);
      devices.push({
        name,
        person,
        context,
        page: null,
        driver: null,
        offline: false,
        notebooks: [],
      });
    }
    const device = (name: string) => devices.find((d) => d.name === name)!;
    const harbour = await createNotebook(device('ana-laptop').context, origin, 'Harbour');
    const moorings = await createNotebook(device('ben').context, origin, 'Moorings');
    await share(device('ana-laptop').context, device('ben').context, origin, harbour);
    await share(device('ana-laptop').context, device('cy').context, origin, harbour);
    await share(device('ben').context, device('ana-laptop').context, origin, moorings);
    for (const d of devices) {
      d.notebooks = d.person.name === 'Cy' ? [harbour] : [harbour, moorings];
    }
    knownEntries.set(harbour, []);
    knownEntries.set(moorings, []);
    const initialVersions = await serverVersions(device('ana-laptop').context, origin);

    const openDevice = async (d: Device) => {
      if (d.page) return;
      const page = await d.context.newPage();
      d.page = page;
      await page.goto(`/notebooks/${d.notebooks[0]}`, { timeout: 30_000 });
      await waitForController(page, 30_000);
      d.driver = await ServiceWorkerDriver.attach(page, origin);
    };
    for (const d of devices) await openDevice(d);
    // Every device has both notebooks before the chaos starts (its first download).
    for (const d of devices) {
      await waitFor(`${d.name} downloads its notebooks`, 60_000, async () => {
        const cursors = (await snapshot(d)).cursors.map((c) => c.notebookId);
        return d.notebooks.every((id) => cursors.includes(id));
      });
    }

    const write = async (
      d: Device,
      kind: Written['kind'],
      notebookId: string,
      entryId: string | undefined,
    ): Promise<string> => {
      let result: AgentWrite;
      let title: string | undefined;
      let attachment: Written['attachment'];
      const page = d.page!;
      if (kind === 'create' || kind === 'edit') {
        titles += 1;
        title = `s${seed}.${d.name}.${titles}`;
      }
      if (kind === 'create') {
        result = await page.evaluate(([nb, fields]) => window.__chaos.put(nb, undefined, fields), [
          notebookId,
          { title: title!, body: `written by ${d.name}` },
        ] as const);
        if (result.mutationId !== null) knownEntries.get(notebookId)!.push(result.entryId);
      } else if (kind === 'edit') {
        result = await page.evaluate(([nb, id, fields]) => window.__chaos.edit(nb, id, fields), [
          notebookId,
          entryId!,
          { title: title! },
        ] as const);
      } else if (kind === 'attach') {
        // 1–48 KB of text unique to this step: its own content, so its own upload.
        const content = `s${seed}.${d.name}.${titles}.`.padEnd(
          1024 + Math.floor(random() * 48 * 1024),
          '~',
        );
        titles += 1;
        const name = `note-${titles}.txt`;
        result = await page.evaluate(([nb, id, n, c]) => window.__chaos.attach(nb, id, n, c), [
          notebookId,
          entryId!,
          name,
          content,
        ] as const);
        if (result.mutationId !== null) {
          const sha256 = createHash('sha256').update(content).digest('hex');
          if (sha256 !== result.sha256) {
            throw new Error(
              `${d.name}: the device hashed ${name} as ${result.sha256}, not ${sha256}`,
            );
          }
          attachment = { id: result.attachmentId!, sha256, size: Buffer.byteLength(content) };
        }
      } else if (kind === 'toggleDone') {
        result = await page.evaluate(([nb, id]) => window.__chaos.toggleDone(nb, id), [
          notebookId,
          entryId!,
        ] as const);
      } else {
        result = await page.evaluate(([nb, id]) => window.__chaos.remove(nb, id), [
          notebookId,
          entryId!,
        ] as const);
      }
      if (result.mutationId === null) return result.error ?? 'no change';
      written.push({
        device: d.name,
        mutationId: result.mutationId,
        kind,
        notebookId,
        entryId: result.entryId,
        ...(title !== undefined && { title }),
        ...(attachment !== undefined && { attachment }),
      });
      return `#${result.mutationId}`;
    };

    // The chaos.
    const kinds = STEP_KINDS.filter((kind) => kind !== 'attach' || options.attachments).flatMap(
      (kind) => Array<StepKind>(WEIGHTS[kind]).fill(kind),
    );
    for (let step = 1; step <= stepCount; step++) {
      const kind = pick(kinds);
      stepCounts[kind] = (stepCounts[kind] ?? 0) + 1;
      const d = pick(devices);
      const notebookId = pick(d.notebooks);
      const entries = knownEntries.get(notebookId)!;
      const entryId = entries.length > 0 ? pick(entries) : undefined;
      // Ids are random; the log names notebooks and entries by the order they were made in, so a
      // replay prints the same log.
      const label = (id: string | undefined): string =>
        id === undefined
          ? ''
          : id === harbour
            ? 'Harbour'
            : id === moorings
              ? 'Moorings'
              : `e${entries.indexOf(id) + 1}@${label(notebookId)}`;
      let line = `${step} ${kind} ${d.name}`;
      const body = async () => {
        switch (kind) {
          case 'create':
          case 'edit':
          case 'toggleDone':
          case 'delete':
          case 'attach': {
            if (!d.page) {
              line += ' (app closed: skipped)';
              break;
            }
            if (kind !== 'create' && !entryId) {
              line += ' (no entry yet: skipped)';
              break;
            }
            line += ` ${kind === 'create' ? label(notebookId) : label(entryId)}`;
            line += ` → ${await write(d, kind, notebookId, entryId)}`;
            break;
          }
          case 'concurrentEdit': {
            const others = devices.filter((o) => o !== d && o.notebooks.includes(notebookId));
            const other = pick(others);
            if (!entryId || !d.page || !other.page) {
              line += ' (skipped)';
              break;
            }
            const outcomes = await Promise.all([
              write(d, 'edit', notebookId, entryId),
              write(other, 'edit', notebookId, entryId),
            ]);
            line += ` + ${other.name} ${label(entryId)} → ${outcomes.join(', ')}`;
            break;
          }
          case 'offline':
          case 'online':
            d.offline = kind === 'offline';
            line += await setNetwork(d, origin);
            break;
          case 'reload':
            if (d.page) await d.page.reload({ timeout: 30_000 });
            else line += ' (closed)';
            break;
          case 'closeAll':
            d.driver = null;
            for (const page of d.context.pages()) await page.close();
            d.page = null;
            break;
          case 'reopen':
            if (d.page) line += ' (already open)';
            else await openDevice(d);
            break;
          case 'stopWorker':
            if (d.driver) await d.driver.stopAllWorkers();
            else line += ' (closed)';
            break;
          case 'syncEvent':
          case 'periodicSync':
            if (!d.driver) line += ' (closed)';
            else if (kind === 'syncEvent') await d.driver.dispatchSync(`chaos-${step}`);
            else await d.driver.dispatchPeriodicSync('tideline-refresh');
            break;
          case 'push': {
            if (!d.driver) {
              line += ' (closed)';
              break;
            }
            const poke = { type: 'poke', notebookId, version: 1 + Math.floor(random() * 50) };
            await d.driver.deliverPush(JSON.stringify(poke));
            line += ` ${label(notebookId)} v${poke.version}`;
            break;
          }
          case 'restartServer':
            await server.down();
            await sleep(Math.floor(random() * 1_000));
            await server.up();
            break;
          case 'faults': {
            const chosen = FAULT_KINDS.filter(() => random() < 0.35);
            const probability = 0.2 + random() * 0.4;
            proxy.setRules(
              chosen.map((fault) => ({
                fault,
                probability,
                path: '/api/',
                delayMs: [100, 1_500] as const,
              })),
            );
            line += ` [${chosen.join(' ') || 'none'}] p=${probability.toFixed(2)}`;
            break;
          }
          case 'wait': {
            const ms = 100 + Math.floor(random() * 1_500);
            line += ` ${ms}ms`;
            await sleep(ms);
            break;
          }
        }
      };
      try {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          body(),
          new Promise((_, reject) => {
            timer = setTimeout(
              () => reject(new Error(`step ${step} (${kind}) stuck`)),
              STEP_TIMEOUT_MS,
            );
          }),
        ]).finally(() => clearTimeout(timer));
      } catch (error) {
        if (String(error).includes('stuck')) {
          note(line);
          throw error;
        }
        // A page torn down by a reload or restart mid-step is part of the chaos, not a defect.
        line += ` (step error: ${String(error).split('\n')[0]})`;
      }
      note(line);
    }

    // Heal: faults off, server up, online, every app open; then sync to quiescence.
    note('heal');
    proxy.setRules([]);
    await server.up();
    for (const d of devices) {
      d.offline = false;
      await setNetwork(d, origin);
      await openDevice(d);
    }
    // Quiescence: every outbox empty, every rejection shown and acknowledged, every device at
    // the server's version of each of its notebooks, and the server unmoved over a full pass.
    const quiet = async (d: Device, versions: Record<string, number>) => {
      const state = await snapshot(d);
      const cursorOf = (id: string) => state.cursors.find((c) => c.notebookId === id)?.version;
      return (
        state.outbox.length === 0 &&
        state.rejectionsToAck.length === 0 &&
        state.uploads.every((row) => row.state === 'done' || row.state === 'refused') &&
        d.notebooks.every((id) => cursorOf(id) === versions[id])
      );
    };
    let finalVersions: Record<string, number> = {};
    await waitFor('every device syncs to quiescence', 120_000, async () => {
      const versions = await serverVersions(device('ana-laptop').context, origin);
      let settled = true;
      for (const d of devices) {
        if (await quiet(d, versions)) continue;
        settled = false;
        await d.page!.evaluate(() => window.dispatchEvent(new Event('online')));
      }
      if (!settled) {
        await sleep(750);
        return false;
      }
      finalVersions = await serverVersions(device('ana-laptop').context, origin);
      return stable(finalVersions) === stable(versions);
    }).catch((error: unknown) => failures.push(String(error)));
    if (Object.keys(finalVersions).length === 0) {
      finalVersions = await serverVersions(device('ana-laptop').context, origin);
    }

    const verdict = await checkInvariants({
      devices,
      origin,
      written,
      initialVersions,
      finalVersions,
      owners: { [harbour]: device('ana-laptop'), [moorings]: device('ben') },
    });
    failures.push(...verdict.failures);
    return outcome(verdict);
  } catch (error) {
    failures.push(`run aborted: ${String(error)}`);
    return outcome({
      mutations: { checked: 0, applied: 0, rejected: 0 },
      lost: 0,
      duplicated: 0,
      diverged: 0,
      attachments: { attached: 0, stored: 0, failed: 0 },
    });
  } finally {
    for (const d of devices) await d.context.close().catch(() => undefined);
    await proxy.close();
    await server.dispose();
  }
}

declare global {
  interface Window {
    __chaos: ChaosAgent;
  }
}

/** JSON with object keys sorted, so two equal values print the same. */
function stable(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

async function waitFor(what: string, ms: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await sleep(250);
  }
  throw new Error(`timed out: ${what}`);
}

async function snapshot(d: Device): Promise<Snapshot> {
  return d.page!.evaluate(() => window.__chaos.snapshot()) as Promise<Snapshot>;
}

async function post(context: BrowserContext, origin: string, path: string, data: unknown) {
  const response = await context.request.post(path, { data, headers: { origin } });
  if (!response.ok()) throw new Error(`${path}: ${response.status()} ${await response.text()}`);
  return response.json() as Promise<unknown>;
}

async function createNotebook(context: BrowserContext, origin: string, name: string) {
  const id = randomUUID();
  await post(context, origin, '/api/sync/push', {
    clientId: randomUUID(),
    mutations: [{ id: 1, name: 'notebook.create', args: { id, name } }],
  });
  return id;
}

async function share(owner: BrowserContext, member: BrowserContext, origin: string, id: string) {
  const { token } = (await post(owner, origin, `/api/notebooks/${id}/invites`, {
    role: 'editor',
  })) as { token: string };
  await post(member, origin, `/api/invites/${encodeURIComponent(token)}/accept`, {});
}

/** A full pull as a brand-new client: every notebook's entries (tombstones included). */
async function serverPull(
  context: BrowserContext,
  origin: string,
  clientId: string = randomUUID(),
): Promise<{ pull: PullResponse; entries: Map<string, EntryRecord[]> }> {
  const entries = new Map<string, EntryRecord[]>();
  const cursors: Record<string, { version: number; horizon: number }> = {};
  for (;;) {
    const pull = (await post(context, origin, '/api/sync/pull', {
      clientId,
      cursors,
    })) as PullResponse;
    for (const notebook of pull.notebooks) {
      if (!entries.has(notebook.id)) entries.set(notebook.id, []);
    }
    for (const change of pull.changes) {
      entries.get(change.notebookId)?.push(...change.entries);
      cursors[change.notebookId] = change.cursor;
    }
    if (!pull.hasMore) return { pull, entries };
  }
}

async function serverVersions(context: BrowserContext, origin: string) {
  const { pull } = await serverPull(context, origin);
  return Object.fromEntries(pull.notebooks.map((n) => [n.id, n.version])) as Record<string, number>;
}

interface CheckInput {
  devices: Device[];
  origin: string;
  written: Written[];
  initialVersions: Record<string, number>;
  finalVersions: Record<string, number>;
  owners: Record<string, Device>;
}

async function checkInvariants(input: CheckInput) {
  const { devices, origin, written, initialVersions, finalVersions, owners } = input;
  const failures: string[] = [];
  let lost = 0;
  let duplicated = 0;
  let diverged = 0;
  let rejected = 0;

  // The server's entries and every entry's history, read through the API by the notebook's owner.
  const serverEntries = new Map<string, EntryRecord>();
  const history = new Map<string, HistoryItem[]>();
  for (const [notebookId, owner] of Object.entries(owners)) {
    const { entries } = await serverPull(owner.context, origin);
    const records = entries.get(notebookId) ?? [];
    let previous = 0;
    for (const record of records) {
      serverEntries.set(record.id, record);
      if (record.version <= previous || record.version > finalVersions[notebookId]!) {
        failures.push(`notebook ${notebookId}: entry version ${record.version} out of order`);
      }
      previous = record.version;
    }
    // A first pull leaves out tombstones, so ask for the history of every entry ever written too.
    const ids = new Set([
      ...records.map((record) => record.id),
      ...written.filter((w) => w.notebookId === notebookId).map((w) => w.entryId),
    ]);
    for (const id of ids) {
      const response = await owner.context.request.get(
        `/api/notebooks/${notebookId}/entries/${id}/history`,
      );
      if (response.status() === 404 && !serverEntries.has(id)) continue;
      if (!response.ok()) {
        failures.push(`history of ${id}: ${response.status()}`);
        continue;
      }
      history.set(id, ((await response.json()) as { items: HistoryItem[] }).items);
    }
  }

  const snapshots = new Map<string, Snapshot>();
  for (const d of devices) snapshots.set(d.name, await snapshot(d));

  // Each device's outbox and acknowledgement: nothing acknowledged is still queued.
  for (const d of devices) {
    const state = snapshots.get(d.name)!;
    const { pull } = await serverPull(d.context, origin, state.clientId ?? randomUUID());
    const acknowledged = pull.lastMutationId;
    for (const row of state.outbox) {
      if (row.mutationId <= acknowledged) {
        failures.push(`${d.name}: outbox still holds acknowledged mutation #${row.mutationId}`);
      } else {
        failures.push(`${d.name}: mutation #${row.mutationId} never reached the server`);
        lost += 1;
      }
    }
    const mine = written.filter((w) => w.device === d.name);
    const highest = Math.max(0, ...mine.map((w) => w.mutationId));
    if (acknowledged < highest) {
      failures.push(`${d.name}: the server acknowledged up to #${acknowledged} of #${highest}`);
    }
  }

  // Every mutation: applied exactly once, or rejected with a reason this device shows.
  const appliedPerNotebook = new Map<string, number>();
  /** Applied attaches: finishing each upload may take one more version (the entry, stored). */
  const storedBumps = new Map<string, number>();
  const unseenTitles = new Map<string, Written[]>();
  const alwaysChanging = new Map<string, number>();
  for (const w of written) {
    const letters = snapshots.get(w.device)!.deadLetters;
    const letter = letters.find((l) => l.mutationId === w.mutationId);
    if (letter) {
      rejected += 1;
      if (!letter.message) failures.push(`${w.device} #${w.mutationId}: rejected without a reason`);
    } else {
      appliedPerNotebook.set(w.notebookId, (appliedPerNotebook.get(w.notebookId) ?? 0) + 1);
      if (w.attachment) storedBumps.set(w.notebookId, (storedBumps.get(w.notebookId) ?? 0) + 1);
      if (w.title !== undefined) {
        alwaysChanging.set(w.notebookId, (alwaysChanging.get(w.notebookId) ?? 0) + 1);
      }
    }
    if (w.title === undefined) continue;
    const record = serverEntries.get(w.entryId);
    const current = record && !record.deleted && record.fields.title === w.title ? 1 : 0;
    const past = (history.get(w.entryId) ?? []).filter(
      (item) => item.field === 'title' && item.value === w.title,
    ).length;
    const seen = current + past;
    const expected = letter ? 0 : 1;
    if (seen > expected) {
      duplicated += 1;
      failures.push(`${w.device} #${w.mutationId} (${w.kind} "${w.title}") applied ${seen} times`);
    } else if (seen < expected) {
      (unseenTitles.get(w.entryId) ?? unseenTitles.set(w.entryId, []).get(w.entryId)!).push(w);
    }
  }
  // A deleted entry keeps the title it had when deleted, which no route shows (a tombstone has
  // no fields, and a delete overwrites nothing): one title per deleted entry may be unseen.
  for (const [entryId, unseen] of unseenTitles) {
    const record = serverEntries.get(entryId);
    const deleted = record === undefined ? history.has(entryId) : record.deleted;
    const excused = deleted ? 1 : 0;
    for (const w of unseen.slice(excused)) {
      lost += 1;
      const titles = (history.get(entryId) ?? [])
        .filter((item) => item.field === 'title')
        .map((item) => String(item.value));
      const now = deleted
        ? 'deleted'
        : record && !record.deleted
          ? record.fields.title
          : 'no such entry';
      failures.push(
        `${w.device} #${w.mutationId} (${w.kind} "${w.title}") is not on the server ` +
          `(entry ${entryId}: ${now}; title history: ${titles.join(', ') || 'none'})`,
      );
    }
  }
  // Every applied mutation that changes something takes exactly one version, and nothing else
  // takes one. Creates and edits always change (their titles are unique); a toggle or a delete
  // that another device already made changes nothing and takes none. So the counter must lie
  // between the two: below means a change was lost, above means one was applied twice.
  for (const [notebookId, start] of Object.entries(initialVersions)) {
    const atLeast = start + (alwaysChanging.get(notebookId) ?? 0);
    const atMost =
      start + (appliedPerNotebook.get(notebookId) ?? 0) + (storedBumps.get(notebookId) ?? 0);
    const actual = finalVersions[notebookId] ?? 0;
    if (actual < atLeast) {
      lost += 1;
      failures.push(`notebook ${notebookId}: version ${actual}, at least ${atLeast} expected`);
    } else if (actual > atMost) {
      duplicated += 1;
      failures.push(`notebook ${notebookId}: version ${actual}, at most ${atMost} expected`);
    }
  }

  // Overwritten values are recoverable: each field's history is one unbroken chain. Every value
  // overwritten says at which version it was written — the version that overwrote the value
  // before it — and the newest one was overwritten by the entry's current value; neighbours
  // differ (a write that changes nothing leaves no history). A lost overwrite breaks the chain.
  for (const [entryId, items] of history) {
    const record = serverEntries.get(entryId);
    const byField = new Map<string, HistoryItem[]>();
    for (const item of items) {
      (byField.get(item.field) ?? byField.set(item.field, []).get(item.field)!).push(item);
    }
    for (const [field, chain] of byField) {
      const broken = (why: string) => {
        lost += 1;
        failures.push(`entry ${entryId}, ${field} history: ${why}`);
      };
      chain.sort((a, b) => a.overwrittenAt - b.overwrittenAt);
      for (let i = 1; i < chain.length; i++) {
        const [before, after] = [chain[i - 1]!, chain[i]!];
        if (after.version !== before.overwrittenAt) {
          broken(`the value written at v${before.overwrittenAt} is missing`);
        } else if (JSON.stringify(after.value) === JSON.stringify(before.value)) {
          broken(`v${before.version} and v${after.version} hold the same value`);
        }
      }
      if (!record || record.deleted) continue;
      const newest = chain.at(-1)!;
      const current = record.fields[field as keyof typeof record.fields];
      if (record.fieldVersions[field] !== newest.overwrittenAt) {
        broken(
          `the value written at v${newest.overwrittenAt} is missing (current: v${record.fieldVersions[field]})`,
        );
      } else if (JSON.stringify(current) === JSON.stringify(newest.value)) {
        broken(`the current value equals the one it overwrote`);
      }
    }
  }

  // Every applied attachment is on its entry on the server exactly once, stored, and its bytes
  // there are the bytes attached (downloaded and hashed here); the device's upload finished.
  const attachments = { attached: 0, stored: 0, failed: 0 };
  for (const w of written) {
    if (!w.attachment) continue;
    const letter = snapshots.get(w.device)!.deadLetters.find((l) => l.mutationId === w.mutationId);
    if (letter) continue;
    attachments.attached += 1;
    const record = serverEntries.get(w.entryId);
    // Its entry deleted later: the attachment went with it.
    if (!record || record.deleted) continue;
    const bad = (why: string) => {
      attachments.failed += 1;
      failures.push(`${w.device} #${w.mutationId} attachment ${w.attachment!.id}: ${why}`);
    };
    const copies = (record.attachments ?? []).filter((a) => a.id === w.attachment!.id);
    if (copies.length !== 1) {
      if (copies.length === 0) lost += 1;
      else duplicated += 1;
      bad(`on its entry ${copies.length} times`);
      continue;
    }
    const [copy] = copies;
    if (copy!.sha256 !== w.attachment.sha256 || copy!.size !== w.attachment.size) {
      bad(`the server's record says ${copy!.sha256} (${copy!.size} bytes)`);
      continue;
    }
    if (!copy!.stored) {
      lost += 1;
      bad('never stored on the server');
      continue;
    }
    const owner = owners[w.notebookId]!;
    const content = await owner.context.request.get(
      `/api/notebooks/${w.notebookId}/attachments/${w.attachment.id}/content`,
    );
    const body = content.ok() ? await content.body() : Buffer.alloc(0);
    const sha256 = createHash('sha256').update(body).digest('hex');
    if (!content.ok() || sha256 !== w.attachment.sha256) {
      bad(`the server serves ${content.status()}, ${body.length} bytes hashing to ${sha256}`);
      continue;
    }
    const upload = snapshots
      .get(w.device)!
      .uploads.find((row) => row.key === `${w.notebookId}:${w.attachment!.sha256}`);
    if (upload && upload.state !== 'done') {
      bad(`the device's upload ended ${upload.state}: ${upload.error?.message ?? ''}`);
      continue;
    }
    attachments.stored += 1;
  }

  // Every device's entries equal the server's, field by field; tombstones are absent locally.
  for (const d of devices) {
    const local = new Map(snapshots.get(d.name)!.entries.map((e) => [e.id, e]));
    const differ = (why: string) => {
      diverged += 1;
      failures.push(`${d.name}: ${why}`);
    };
    for (const [id, record] of serverEntries) {
      if (!d.notebooks.includes(record.notebookId)) continue;
      const row = local.get(id);
      if (record.deleted) {
        if (row) differ(`entry ${id} is deleted on the server but still here`);
        continue;
      }
      if (!row) {
        differ(`entry ${id} ("${record.fields.title}") is missing`);
        continue;
      }
      const mine = {
        version: row.version,
        deleted: row.deleted,
        pending: row.pending,
        conflicted: row.conflicted,
        title: row.title,
        body: row.body,
        tags: row.tags,
        done: row.done,
        fieldVersions: row.fieldVersions,
        attachments: (row.attachments ?? []).map(({ id, sha256, stored }) => ({
          id,
          sha256,
          stored,
        })),
      };
      const theirs = {
        version: record.version,
        deleted: false,
        pending: 0,
        conflicted: record.conflicted,
        title: record.fields.title,
        body: record.fields.body,
        tags: record.fields.tags,
        done: record.fields.done,
        fieldVersions: record.fieldVersions,
        attachments: (record.attachments ?? []).map(({ id, sha256, stored }) => ({
          id,
          sha256,
          stored,
        })),
      };
      if (stable(mine) !== stable(theirs)) {
        differ(`entry ${id}: here ${stable(mine)}, server ${stable(theirs)}`);
      }
    }
    for (const id of local.keys()) {
      if (!serverEntries.has(id)) differ(`entry ${id} is here but not on the server`);
    }
  }

  return {
    failures,
    lost,
    duplicated,
    diverged,
    attachments,
    mutations: { checked: written.length, applied: written.length - rejected, rejected },
  };
}
