// Zod 4 compiles a fast parser for each object schema with `new Function`, probing first
// whether eval is allowed. Tideline's Content-Security-Policy (`script-src 'self'`, no
// 'unsafe-eval') forbids both, and browsers report even the caught probe as a violation on every
// visit. `jitless` skips the probe and the compiled path; parsing works the same.
//
// The probe runs when an object schema is built, so this must run before any protocol module is
// evaluated: every browser entry (the page, the sync worker, the service worker) imports this
// module first. It imports zod's small core, not the schema library.
import { config } from 'zod/v4/core';

config({ jitless: true });
