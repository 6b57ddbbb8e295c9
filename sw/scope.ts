// The service worker's global scope, typed once for every module in sw/.
declare const self: ServiceWorkerGlobalScope;

export const sw = self;
