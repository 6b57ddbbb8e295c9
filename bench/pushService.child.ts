// The push benchmark's push service: the local push service from e2e/support in its own process,
// so its work (JWT checks, decryption) is not counted in the sender's CPU time. It makes the
// subscriptions, then answers counts of the messages it accepted. By default bodies are decrypted
// when the counts are asked for, after the timed fan-out (a real push service never decrypts; the
// browser does, later): on this 2-core machine the service shares the cores with the sender it
// measures. Every message is still decrypted and checked before the bench reports a figure.
import { LocalPushService } from '../e2e/support/localPushService';

type Request =
  | { type: 'start'; count: number; publicKey: string; decryption: 'on-receipt' | 'deferred' }
  | { type: 'count' };

let service: LocalPushService | undefined;

process.on('message', (message: Request) => {
  void (async () => {
    if (message.type === 'start') {
      service = await LocalPushService.start({
        expectedPublicKey: message.publicKey,
        decryption: message.decryption,
      });
      const subscriptions = Array.from(
        { length: message.count },
        () => service!.createSubscription({ applicationServerKey: message.publicKey }).subscription,
      );
      process.send!({
        type: 'ready',
        origin: service.httpsOrigin,
        certificatePem: service.certificatePem,
        subscriptions,
      });
    } else {
      service!.decryptDeferred();
      const requests = service!.requests();
      const accepted = requests.filter((record) => record.outcome === 'accepted').length;
      const refused = requests.filter((record) => record.outcome !== 'accepted');
      process.send!({
        type: 'count',
        accepted,
        refused: refused.length,
        firstRefusal: refused[0]?.error,
        connections: service!.connectionCount(),
      });
    }
  })();
});

process.on('disconnect', () => {
  void service?.close().finally(() => process.exit(0));
});
