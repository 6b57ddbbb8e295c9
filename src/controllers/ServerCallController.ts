// Calls an element makes to the server one at a time (membership, invite links): `busy` while one
// runs, so its buttons are disabled, and `error` with its failure in plain words — the element's
// own sentence when there is no connection, the API client's otherwise.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { describeApiError, isOfflineError } from '../api/api';

export class ServerCallController implements ReactiveController {
  private running = false;
  private message = '';

  constructor(
    private readonly host: ReactiveControllerHost,
    /** What to say when the server cannot be reached. */
    private readonly offlineMessage: string,
  ) {
    host.addController(this);
  }

  get busy(): boolean {
    return this.running;
  }

  get error(): string {
    return this.message;
  }

  set error(message: string) {
    this.message = message;
    this.host.requestUpdate();
  }

  hostConnected(): void {}

  /** Runs `work`, showing its failure; resolves either way. */
  async run(work: () => Promise<void>): Promise<void> {
    this.running = true;
    this.error = '';
    try {
      await work();
    } catch (error) {
      this.error = isOfflineError(error) ? this.offlineMessage : describeApiError(error);
    } finally {
      this.running = false;
      this.host.requestUpdate();
    }
  }
}
