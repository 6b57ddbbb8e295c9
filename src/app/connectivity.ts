// Whether the browser believes it is online, kept current from the window's online/offline events.
import { Store } from './Store';

export const onlineStore = new Store<boolean>(typeof navigator === 'undefined' || navigator.onLine);

export function watchConnectivity(): void {
  window.addEventListener('online', () => onlineStore.set(true));
  window.addEventListener('offline', () => onlineStore.set(false));
  onlineStore.set(navigator.onLine);
}
