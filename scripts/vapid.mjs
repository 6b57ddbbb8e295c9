// `npm run vapid`: prints a new VAPID key pair for Web Push, as environment variable lines an
// operator can paste into the server's environment (see the README's configuration table).
import webpush from 'web-push';

const { publicKey, privateKey } = webpush.generateVAPIDKeys();
console.log(`VAPID_PUBLIC_KEY=${publicKey}`);
console.log(`VAPID_PRIVATE_KEY=${privateKey}`);
