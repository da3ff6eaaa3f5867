export {};
/**
 * `npm run bench -- <name>`: runs bench/<name>.ts. Each benchmark sets up its own data, prints a
 * table, and prints as its last line one JSON object with its figures and "targets_met".
 */
const name = process.argv[2];
const known = ['search', 'import', 'grab', 'stats'];
if (!name || !known.includes(name)) {
  console.error(`Usage: npm run bench -- <${known.join('|')}>`);
  process.exit(64);
}
await import(`./${name}.js`);
