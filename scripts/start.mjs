// `npm start`: builds the app and server if the build is missing or older than the sources, then
// runs the server in this process's place (signals are forwarded, its exit code is ours).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outputs = ['dist/index.html', 'dist/sw.js', 'dist-server/server/main.js'].map((p) =>
  join(root, p),
);
const sources = ['src', 'sw', 'server', 'public', 'index.html', 'vite.config.ts', 'package.json'];

function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

const built = outputs.every(existsSync) ? Math.min(...outputs.map((p) => statSync(p).mtimeMs)) : 0;
const changed = Math.max(...sources.map((p) => newest(join(root, p))));
if (built < changed) {
  console.log(built ? 'Sources changed since the last build; building…' : 'Building Tideline…');
  const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('tideline: the build failed (see above); fix it and run npm start again');
    process.exit(result.status ?? 1);
  }
}

const server = spawn(process.execPath, [join(root, 'dist-server/server/main.js')], {
  cwd: root,
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.kill(signal));
}
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
