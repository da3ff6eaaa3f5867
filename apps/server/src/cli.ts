/**
 * Operator commands:
 *   npm run seed -- --members N [--base-unions M]   generate N verified active members (and M base unions)
 *   npm run audit:verify                            check the audit log's hash chain
 *   npm run cli -- remind-held                      send the 90-day reminders to held members (上挂) and their unions now
 *   npm run cli -- activities-sweep                 close activities whose window ended; pass unconfirmed lottery wins on
 *   npm run cli -- lottery-draw <activityId>        draw a lottery whose registration has closed
 *   npm run cli -- stats-reconcile [--fix]          compare every statistics aggregate with a direct count; --fix rebuilds them
 *   npm run cli -- purge-identity-photos            delete ID photos of reviews closed more than IDENTITY_PHOTO_RETENTION_DAYS ago now
 *   npm run cli -- migrate                          apply migrations (and seed the demo into an empty database)
 */
import { parseArgs } from 'node:util';
import { bootstrap } from './bootstrap.js';
import { generateMembers } from './db/seed/generate.js';
import { drawActivity, sweepActivities } from './modules/activities/entries.service.js';
import { purgeOldIdentityPhotos } from './modules/identity/identity.service.js';
import { remindHeldMembers } from './modules/joining/joining.service.js';
import { rebuild } from './modules/stats/stats.repository.js';
import { reconcile, rollupAll } from './modules/stats/stats.service.js';
import { verifyAuditChain } from './platform/audit.js';

async function run(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2);
  const { values } = parseArgs({ args: rest, options: { members: { type: 'string' }, 'base-unions': { type: 'string' }, fix: { type: 'boolean' } }, allowPositionals: true });
  const app = await bootstrap();
  try {
    switch (command) {
      case 'migrate':
        console.log(app.seeded ? 'Migrated and seeded the demo province.' : 'Migrated.');
        return 0;
      case 'seed': {
        const n = Number(values.members ?? '0');
        const m = Number(values['base-unions'] ?? '0');
        if (!Number.isInteger(n) || n < 0 || !Number.isInteger(m) || m < 0) {
          console.error('Usage: npm run seed -- --members N [--base-unions M]');
          return 64;
        }
        const t0 = performance.now();
        let last = 0;
        const result = await generateMembers(app.ctx, {
          members: n,
          baseUnions: m,
          onProgress: (done, total) => {
            const pct = Math.floor((done / total) * 100);
            if (pct >= last + 5 || done === total) {
              last = pct;
              process.stdout.write(`\r  ${done.toLocaleString()} / ${total.toLocaleString()} members (${pct}%)`);
            }
          },
        });
        const s = (performance.now() - t0) / 1000;
        console.log(`\nGenerated ${result.members} members${m ? ` in ${m} new base unions` : ''} in ${s.toFixed(1)} s (${Math.round(result.members / s)} /s).`);
        if (result.members) console.log(`Logins: phones ${result.firstPhone} … ${result.lastPhone}, password Member@2026`);
        return 0;
      }
      case 'audit-verify': {
        const report = await verifyAuditChain(app.ctx.db, (n) => process.stdout.write(`\r  checked ${n} rows`));
        console.log('');
        if (report.ok) {
          console.log(`Audit chain intact: ${report.checked} rows verified.`);
          return 0;
        }
        console.error(`Audit chain BROKEN at row ${report.firstBadId}: ${report.problem} (${report.checked} rows before it verified).`);
        return 2;
      }
      case 'remind-held': {
        const n = await remindHeldMembers(app.ctx);
        console.log(`Reminded ${n} held member(s) and their holding unions.`);
        return 0;
      }
      case 'purge-identity-photos': {
        if (!app.ctx.config.IDENTITY_PHOTO_RETENTION_DAYS) {
          console.log('IDENTITY_PHOTO_RETENTION_DAYS is 0: ID photos are kept; nothing deleted.');
          return 0;
        }
        const r = await purgeOldIdentityPhotos(app.ctx, new Date(), 'cli');
        console.log(`Deleted ${r.photos} ID photo(s) of ${r.reviews} review(s) closed more than ${app.ctx.config.IDENTITY_PHOTO_RETENTION_DAYS} days ago.`);
        return 0;
      }
      case 'activities-sweep': {
        const r = await sweepActivities(app.ctx);
        console.log(`Closed ${r.closed} activit(ies); ${r.expired} unconfirmed win(s) expired, ${r.movedUp} moved up.`);
        return 0;
      }
      case 'lottery-draw': {
        const id = rest.find((a) => /^\d+$/.test(a));
        if (!id) {
          console.error('Usage: npm run cli -- lottery-draw <activityId>');
          return 64;
        }
        await drawActivity(app.ctx, { actor: null, id, meta: null });
        console.log(`Activity ${id} drawn; see GET /api/v1/activities/${id}/draw.`);
        return 0;
      }
      case 'stats-reconcile': {
        const started = performance.now();
        await rollupAll(app.ctx);
        const diff = await reconcile(app.ctx, 10_000);
        const ms = Math.round(performance.now() - started);
        if (!diff.length) {
          console.log(`Statistics reconciled: every aggregate equals a direct count (${ms} ms).`);
          return 0;
        }
        for (const d of diff.slice(0, 200)) console.log(`${d.table} org ${d.orgId} ${d.key}: aggregate ${d.aggregate}, direct ${d.direct}`);
        console.log(`${diff.length}${diff.length >= 10_000 ? '+' : ''} difference(s) found (${ms} ms).`);
        if (values.fix) {
          await rebuild(app.ctx.db);
          console.log(`Rebuilt the aggregates from the source tables; differences now: ${(await reconcile(app.ctx)).length}.`);
          return 0;
        }
        return 3;
      }
      default:
        console.error('Commands: seed --members N [--base-unions M] | audit-verify | remind-held | activities-sweep | lottery-draw <activityId> | stats-reconcile [--fix] | purge-identity-photos | migrate');
        return 64;
    }
  } finally {
    await app.close();
  }
}

run().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
