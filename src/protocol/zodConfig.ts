// Zod 4 compiles a fast parser for each object schema with `new Function`, probing first
// whether eval is allowed. Tideline's Content-Security-Policy (`script-src 'self'`, no
// 'unsafe-eval') forbids both, and browsers report even the caught probe as a violation on every
// visit. In browsers `jitless` skips the probe and the compiled path; parsing works the same.
// Node (the server, tests) has no CSP and keeps the compiled parsers.
//
// The probe runs when an object schema is built, so this must be evaluated before any schema
// is: every module that builds schemas imports it first (a bundler may place a module's chunk
// ahead of its entry's code, so importing it from the entries alone is not enough). It imports
// zod's small core, not the schema library.
import { config } from 'zod/v4/core';

const inNode = (globalThis as { process?: { versions?: { node?: string } } }).process?.versions
  ?.node;
if (!inNode) config({ jitless: true });
