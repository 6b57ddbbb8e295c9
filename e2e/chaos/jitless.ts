// Imported first by the agent, before any schema is built: the agent's own copy of zod runs inside
// DevTools evaluations, where the page's CSP lets zod's `new Function` probe through but not the
// compile after it. Parse without compiling, as the app's own bundle does under that CSP.
import { config } from 'zod';

config({ jitless: true });
