// Plays a notebook's voice memos through one real <audio> element that outlives page changes,
// with Media Session metadata (title, notebook, the app's artwork) and actions — play, pause,
// seek back and forward, seek to, previous and next memo — so the lock screen, a headset and the
// notification shade control it, and the notebook's memos play on, one after the other, while
// the page is hidden. The position state is kept current for the lock screen's scrubber.
import { Store } from '../app/Store';

/** One memo in a playlist. */
export interface MemoTrack {
  attachmentId: string;
  notebookId: string;
  entryId: string;
  /** The content hash: where its bytes are on this device and on the server. */
  sha256: string;
  /** The entry's title (or the file's name). */
  title: string;
  notebookName: string;
  /** Measured on the recording device: used where the container does not say. */
  durationMs: number | null;
}

export interface PlayerState {
  playlist: readonly MemoTrack[];
  index: number;
  playing: boolean;
  positionS: number;
  durationS: number;
  rate: number;
  /** A memo that could not be played, and why. */
  error: string | undefined;
}

/** Where a memo's audio comes from: the bytes on this device, or the server. */
export type SourceResolver = (track: MemoTrack) => Promise<string>;

export const SEEK_STEP_S = 10;
export const RATES = [0.75, 1, 1.25, 1.5, 2] as const;
const ARTWORK: MediaImage[] = [
  { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
  { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
];

const EMPTY: PlayerState = {
  playlist: [],
  index: -1,
  playing: false,
  positionS: 0,
  durationS: 0,
  rate: 1,
  error: undefined,
};

export type MediaAction =
  'play' | 'pause' | 'seekbackward' | 'seekforward' | 'seekto' | 'previoustrack' | 'nexttrack';
export const MEDIA_ACTIONS: readonly MediaAction[] = [
  'play',
  'pause',
  'seekbackward',
  'seekforward',
  'seekto',
  'previoustrack',
  'nexttrack',
];

export class MemoPlayer {
  readonly state = new Store<PlayerState>(EMPTY);
  readonly audio: HTMLAudioElement;
  private objectUrl: string | undefined;

  constructor(private readonly resolveSource: SourceResolver) {
    this.audio = document.createElement('audio');
    this.audio.preload = 'metadata';
    this.audio.dataset.testid = 'memo-audio';
    this.audio.hidden = true;
    document.body.append(this.audio);
    this.audio.addEventListener('play', () => this.sync({ playing: true }));
    this.audio.addEventListener('pause', () => this.sync({ playing: false }));
    this.audio.addEventListener('timeupdate', () => this.sync());
    this.audio.addEventListener('loadedmetadata', () => this.sync());
    this.audio.addEventListener('durationchange', () => this.sync());
    this.audio.addEventListener('ratechange', () => this.sync());
    this.audio.addEventListener('ended', () => void this.next(true));
    this.audio.addEventListener('error', () =>
      this.sync({ playing: false, error: 'This memo could not be played.' }),
    );
    this.setHandlers();
  }

  /** Plays `playlist[index]` from the start. */
  async play(playlist: readonly MemoTrack[], index: number): Promise<void> {
    const track = playlist[index];
    if (!track) return;
    this.state.set({ ...this.state.value, playlist, index, positionS: 0, error: undefined });
    let source: string;
    try {
      source = await this.resolveSource(track);
    } catch (error) {
      this.sync({
        playing: false,
        error: error instanceof Error ? error.message : 'This memo is not on this device yet.',
      });
      return;
    }
    if (this.objectUrl) URL.revokeObjectURL(this.objectUrl);
    this.objectUrl = source.startsWith('blob:') ? source : undefined;
    this.audio.src = source;
    this.audio.playbackRate = this.state.value.rate;
    this.setMetadata(track);
    await this.audio.play().catch((error: unknown) => {
      const name = error instanceof DOMException ? error.name : '';
      // A play() cut short by the next one (AbortError) is not a failure.
      if (name === 'AbortError') return;
      this.sync({
        playing: false,
        error:
          name === 'NotAllowedError'
            ? 'Press play to listen (the browser wants a tap first).'
            : `This memo could not be played${error instanceof Error ? `: ${error.message}` : ''}.`,
      });
    });
  }

  toggle(): void {
    if (this.audio.paused) void this.audio.play().catch(() => undefined);
    else this.audio.pause();
  }

  seekBy(seconds: number): void {
    this.seekTo(this.audio.currentTime + seconds);
  }

  seekTo(seconds: number): void {
    const duration = this.durationS();
    this.audio.currentTime = Math.max(0, duration > 0 ? Math.min(seconds, duration) : seconds);
    this.sync();
  }

  setRate(rate: number): void {
    this.audio.playbackRate = rate;
    this.state.update({ rate });
  }

  async previous(): Promise<void> {
    const { playlist, index } = this.state.value;
    // Like a music player: past the first seconds, "previous" restarts this memo.
    if (this.audio.currentTime > 3 || index <= 0) this.seekTo(0);
    else await this.play(playlist, index - 1);
  }

  /** The next memo of the notebook; at the end of the list, stop. */
  async next(ended = false): Promise<void> {
    const { playlist, index } = this.state.value;
    if (index + 1 < playlist.length) await this.play(playlist, index + 1);
    else if (ended) this.sync({ playing: false });
  }

  stop(): void {
    this.audio.pause();
    this.audio.removeAttribute('src');
    this.audio.load();
    if (this.objectUrl) URL.revokeObjectURL(this.objectUrl);
    this.objectUrl = undefined;
    this.state.set({ ...EMPTY, rate: this.state.value.rate });
    if ('mediaSession' in navigator) navigator.mediaSession.metadata = null;
  }

  /** Runs one Media Session action as the lock screen or a headset would. */
  runAction(action: MediaAction, details: { seekTime?: number; seekOffset?: number } = {}): void {
    switch (action) {
      case 'play':
        void this.audio.play().catch(() => undefined);
        break;
      case 'pause':
        this.audio.pause();
        break;
      case 'seekbackward':
        this.seekBy(-(details.seekOffset ?? SEEK_STEP_S));
        break;
      case 'seekforward':
        this.seekBy(details.seekOffset ?? SEEK_STEP_S);
        break;
      case 'seekto':
        if (details.seekTime !== undefined) this.seekTo(details.seekTime);
        break;
      case 'previoustrack':
        void this.previous();
        break;
      case 'nexttrack':
        void this.next();
        break;
    }
  }

  private durationS(): number {
    const fromMedia = this.audio.duration;
    if (Number.isFinite(fromMedia) && fromMedia > 0) return fromMedia;
    const track = this.state.value.playlist[this.state.value.index];
    return (track?.durationMs ?? 0) / 1000;
  }

  private setHandlers(): void {
    if (!('mediaSession' in navigator)) return;
    for (const action of MEDIA_ACTIONS) {
      try {
        navigator.mediaSession.setActionHandler(action, (details) =>
          this.runAction(action, {
            ...(details.seekTime !== undefined && { seekTime: details.seekTime }),
            ...(details.seekOffset !== undefined && { seekOffset: details.seekOffset }),
          }),
        );
      } catch {
        // This browser does not know the action: the others still work.
      }
    }
  }

  private setMetadata(track: MemoTrack): void {
    if (!('mediaSession' in navigator) || typeof MediaMetadata === 'undefined') return;
    navigator.mediaSession.metadata = new MediaMetadata({
      title: track.title,
      artist: track.notebookName,
      album: 'Tideline',
      artwork: ARTWORK,
    });
  }

  private sync(patch: Partial<PlayerState> = {}): void {
    const durationS = this.durationS();
    const positionS = this.audio.currentTime || 0;
    this.state.update({ durationS, positionS, rate: this.audio.playbackRate || 1, ...patch });
    if (!('mediaSession' in navigator)) return;
    navigator.mediaSession.playbackState = this.state.value.playing ? 'playing' : 'paused';
    if (durationS > 0) {
      try {
        navigator.mediaSession.setPositionState({
          duration: durationS,
          playbackRate: this.audio.playbackRate || 1,
          position: Math.min(positionS, durationS),
        });
      } catch {
        // An inconsistent state (during a source change) is skipped; the next event sets it.
      }
    }
  }
}
