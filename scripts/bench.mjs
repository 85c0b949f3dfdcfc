#!/usr/bin/env node
// Runs every bench:* script of package.json in turn (in the order package.json lists them), forwarding this
// script's arguments to each (`npm run bench -- --json`). Benchmarks run one after another, never together:
// they would measure each other. Exits 1 if any benchmark failed, after running the rest.
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const forwarded = process.argv.slice(2);
const scripts = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).scripts ?? {};
const names = Object.keys(scripts).filter((name) => name.startsWith('bench:'));
if (names.length === 0) {
  console.error('no bench:* scripts in package.json');
  process.exit(1);
}
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const failed = [];
for (const name of names) {
  console.log(`\n=== npm run ${name}${forwarded.length ? ' -- ' + forwarded.join(' ') : ''}`);
  const result = spawnSync(npm, ['run', '--silent', name, ...(forwarded.length ? ['--', ...forwarded] : [])], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) failed.push(`${name} (exit ${result.status ?? result.signal})`);
}
if (failed.length > 0) {
  console.error(`\nbenchmarks failed: ${failed.join(', ')}`);
  process.exit(1);
}
console.log(`\nall ${names.length} benchmarks ran: ${names.join(', ')}`);
