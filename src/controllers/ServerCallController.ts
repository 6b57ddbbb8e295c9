// Calls an element makes to the server one at a time (membership, invite links): `busy` while one
// runs, so its buttons are disabled, and `error` with its failure in plain words — the element's
// own sentence when there is no answer (offline, or the server unreachable — said apart), the API
// client's otherwise.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { describeApiError, isOfflineError } from '../api/api';
import { noAnswerMessage } from '../app/connectionState';

export class ServerCallController implements ReactiveController {
  private running = false;
  private message = '';

  constructor(
    private readonly host: ReactiveControllerHost,
    /** The work that needs the server ("Invite links"), named when there is no answer. */
    private readonly doing: string,
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
      this.error = isOfflineError(error)
        ? noAnswerMessage(navigator.onLine, this.doing)
        : describeApiError(error);
    } finally {
      this.running = false;
      this.host.requestUpdate();
    }
  }
}
