// Where a recording has no positions, and why. Pure bookkeeping (no timers, no DOM) so the rules
// are tested with plain times:
//
//   open(cause, at)  ──▶ a gap after the last fix, from `at`, still open (to: null);
//                        while one is open, another cause does not start a second gap
//   fix(at)          ──▶ the open gap ends at this fix (positions flow again)
//   end(at)          ──▶ the recording stops: an open gap ends now
//
// A gap stays the cause that opened it: hidden, then no fix while hidden, is one "hidden" gap.
import type { GapCause, TrackGap } from '../protocol/track';

export class GapTracker {
  private readonly list: TrackGap[];

  constructor(
    gaps: readonly TrackGap[] = [],
    /** Index of the last fix so far (-1: none yet). */
    private lastIndex = -1,
  ) {
    this.list = gaps.map((gap) => ({ ...gap }));
  }

  get gaps(): TrackGap[] {
    return this.list.map((gap) => ({ ...gap }));
  }

  get open(): TrackGap | undefined {
    const last = this.list.at(-1);
    return last && last.to === null ? last : undefined;
  }

  /** Opens a gap unless one is open already; true when it opened one. */
  openGap(cause: GapCause, at: number): boolean {
    if (this.open) return false;
    this.list.push({ after: this.lastIndex, from: Math.round(at), to: null, cause });
    return true;
  }

  /** A fix was saved at index `index`; an open gap ends at its time. True when one closed. */
  fix(at: number, index: number): boolean {
    this.lastIndex = index;
    const open = this.open;
    if (!open) return false;
    open.to = Math.max(open.from ?? at, Math.round(at));
    return true;
  }

  /** The recording ends: an open gap ends at `at`. */
  end(at: number): void {
    const open = this.open;
    if (open) open.to = Math.max(open.from ?? at, Math.round(at));
  }
}
