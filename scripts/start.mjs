// `npm start`: build the web apps if their sources changed since the last build, then run the server
// (migrations and the demo seed happen inside it). The server runs from TypeScript through tsx.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function newestMtime(dir) {
  let newest = 0;
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === 'dist') continue;
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  walk(dir);
  return newest;
}

const contracts = newestMtime(path.join(root, 'packages/contracts/src'));
for (const name of ['member', 'admin']) {
  const appDir = path.join(root, 'apps', name);
  const built = path.join(appDir, 'dist', 'index.html');
  const stale = !existsSync(built) || Math.max(newestMtime(appDir), contracts) > statSync(built).mtimeMs;
  if (stale) {
    console.log(`Building the ${name} app…`);
    const r = spawnSync('npm', ['run', 'build', '-w', `apps/${name}`], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
}

const { register } = await import('tsx/esm/api');
register();
await import(path.join(root, 'apps/server/src/main.ts'));
