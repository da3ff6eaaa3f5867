/** The server entry: bootstrap, listen, print where to go, shut down gracefully. */
import { buildApp } from './app.js';
import { bootstrap } from './bootstrap.js';
import { ConfigError, loadConfig } from './config.js';
import { scheduleActivitySweep } from './modules/activities/entries.service.js';
import { schedulePhotoRetention } from './modules/identity/identity.service.js';
import { scheduleRollup } from './modules/stats/stats.service.js';
import { scheduleHeldReminders } from './modules/joining/joining.service.js';
import { DEMO_ADMIN_PASSWORD, DEMO_ADMINS, DEMO_MEMBER_PASSWORD, DEMO_MEMBERS } from './db/seed/demo.js';

async function main(): Promise<void> {
  const startedAt = performance.now();
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(78);
    }
    throw e;
  }
  const { ctx, seeded, close } = await bootstrap({ config });
  const app = await buildApp(ctx);
  // A deep accept queue: at 9:00:00 thousands of phones connect at once (the kernel caps it at somaxconn).
  await app.listen({ port: config.PORT, host: config.HOST, backlog: 4096 });
  ctx.jobs.start();
  const stopReminders = scheduleHeldReminders(ctx);
  const stopPhotoRetention = schedulePhotoRetention(ctx);
  const stopSweep = scheduleActivitySweep(ctx);
  const stopRollup = scheduleRollup(ctx);
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const base = `http://localhost:${port}`;
  const ms = Math.round(performance.now() - startedAt);
  console.log(`
  工惠 Gonghui is serving (${config.databaseKind}, shared state: ${config.sharedStateKind}, ready in ${ms} ms${seeded ? ', demo province seeded' : ''})
    Member app     ${base}/
    Admin console  ${base}/admin
    API            ${base}/api/v1   (OpenAPI ${base}/api/openapi.json, docs ${base}/api/docs)
    Health         ${base}/api/health
    Data           ${config.databaseKind === 'pglite' ? config.dataDir : 'PostgreSQL (DATABASE_URL)'}
`);
  if (config.SEED_DEMO) {
    console.log('  Demo logins (demo data only):');
    for (const m of DEMO_MEMBERS) console.log(`    member  ${m.phone} / ${DEMO_MEMBER_PASSWORD}   ${m.note}`);
    for (const a of DEMO_ADMINS) {
      console.log(`    admin   ${a.username} / ${DEMO_ADMIN_PASSWORD}   TOTP secret ${a.totpSecret ?? '(enrol at first login)'}   ${a.org}`);
    }
    console.log(`    New SMS codes are written to ${config.dataDir}/sms-outbox.jsonl\n`);
  }

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    ctx.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    stopReminders();
    stopPhotoRetention();
    stopSweep();
    stopRollup();
    await ctx.jobs.stop();
    await app.close();
    await close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
