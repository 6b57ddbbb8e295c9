// A sync client for the crash-durability test: pushes entry.put mutations (ids 1, 2, 3… with no
// gaps) over real HTTP as fast as the server answers, resends whatever was not acknowledged when
// a request fails (the server may have been killed mid-request), and remembers exactly what the
// server acknowledged. Every answer is checked on the spot: the server's lastMutationId may never
// fall below what it acknowledged before, and a push of consecutive ids never meets a gap.
import { randomUUID } from 'node:crypto';
import type { PushResponse } from '../../src/protocol/sync.js';

/** A small seeded PRNG (mulberry32): the same seed gives the same batches and kill moments. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface PutMutation {
  id: number;
  name: 'entry.put';
  args: { id: string; notebookId: string; baseVersion: number; fields: { title: string } };
}

export interface PusherStats {
  pushes: number;
  /** Requests refused while the server was down (retried after a short wait). */
  refused: number;
  /** Requests cut off by a kill: sent, but no answer, so their outcome was unknown. */
  cutOff: number;
  /** Mutations the server reported as already done when they were sent again. */
  skipped: number;
}

/** Where the server is now; changes with every restart. */
export interface ServerAddress {
  url: string | undefined;
}

export class DurabilityPusher {
  readonly clientId = randomUUID();
  /** Every mutation made, in id order. */
  readonly made: PutMutation[] = [];
  /** The highest mutation id the server acknowledged. */
  acknowledged = 0;
  readonly violations: string[] = [];
  readonly stats: PusherStats = { pushes: 0, refused: 0, cutOff: 0, skipped: 0 };
  private readonly random: () => number;

  constructor(
    readonly name: string,
    private readonly token: string,
    private readonly notebookIds: readonly string[],
    seed: number,
  ) {
    this.random = seededRandom(seed);
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)]!;
  }

  /** A new entry most of the time, otherwise a new title for one of this client's entries. */
  private make(): PutMutation {
    const id = this.made.length + 1;
    const earlier = this.made.length > 0 && this.random() < 0.3 ? this.pick(this.made) : undefined;
    const mutation: PutMutation = {
      id,
      name: 'entry.put',
      args: {
        id: earlier?.args.id ?? randomUUID(),
        notebookId: earlier?.args.notebookId ?? this.pick(this.notebookIds),
        baseVersion: 0,
        fields: { title: `${this.name}:${id}` },
      },
    };
    this.made.push(mutation);
    return mutation;
  }

  /** Pushes until `keepGoing` says stop; with `makeMore` false it only delivers what is made. */
  async run(server: ServerAddress, keepGoing: () => boolean, makeMore = true): Promise<void> {
    while (keepGoing()) {
      if (makeMore) while (this.made.length - this.acknowledged < 40) this.make();
      const unsent = this.made.slice(this.acknowledged);
      if (unsent.length === 0) return;
      const batch = unsent.slice(0, 1 + Math.floor(this.random() * 20));
      const response = await this.send(server, batch);
      if (response === undefined) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        continue;
      }
      this.check(response, batch);
    }
  }

  private async send(
    server: ServerAddress,
    batch: PutMutation[],
  ): Promise<PushResponse | undefined> {
    if (server.url === undefined) return undefined;
    this.stats.pushes += 1;
    try {
      const response = await fetch(`${server.url}/api/sync/push`, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ clientId: this.clientId, mutations: batch }),
        signal: AbortSignal.timeout(15_000),
      });
      const text = await response.text();
      if (response.status !== 200) {
        this.violations.push(`${this.name}: push answered ${response.status} ${text}`);
        return undefined;
      }
      return JSON.parse(text) as PushResponse;
    } catch (error) {
      // Refused while the server is down, or cut off by a kill: the outcome is unknown, so the
      // same mutations go again and the server must skip whatever it already applied.
      const cause = (error as { cause?: { code?: unknown } }).cause;
      if (cause?.code === 'ECONNREFUSED') this.stats.refused += 1;
      else this.stats.cutOff += 1;
      return undefined;
    }
  }

  private check(response: PushResponse, batch: PutMutation[]): void {
    const last = batch.at(-1)!.id;
    if (response.lastMutationId < this.acknowledged) {
      this.violations.push(
        `${this.name}: lastMutationId went back from ${this.acknowledged} to ${response.lastMutationId} (acknowledged mutations lost)`,
      );
    }
    if (response.gapAt !== null) {
      this.violations.push(`${this.name}: gap at ${response.gapAt} in a consecutive batch`);
    }
    if (response.rejected > 0 || response.rejections.length > 0) {
      this.violations.push(`${this.name}: rejected ${JSON.stringify(response.rejections)}`);
    }
    // A lost answer to an earlier push may have covered more than this batch, never less.
    if (response.lastMutationId < last || response.lastMutationId > this.made.length) {
      this.violations.push(
        `${this.name}: sent up to ${last} (made ${this.made.length}) but the server acknowledged ${response.lastMutationId}`,
      );
    }
    this.stats.skipped += response.skipped;
    this.acknowledged = Math.max(this.acknowledged, response.lastMutationId);
  }
}
