export {};

/**
 * `bun run dev`: the API server with --watch on :3000 and Vite's dev server on :5173,
 * which proxies /api and /health to the API. Ctrl-C stops both.
 */
const procs = [
  Bun.spawn(['bun', '--watch', 'server/main.ts'], { stdio: ['inherit', 'inherit', 'inherit'] }),
  Bun.spawn(['bunx', 'vite', '--config', 'client/vite.config.ts'], {
    stdio: ['inherit', 'inherit', 'inherit'],
  }),
];
const stopAll = () => {
  for (const p of procs) p.kill();
};
process.on('SIGINT', stopAll);
process.on('SIGTERM', stopAll);
await Promise.race(procs.map((p) => p.exited));
stopAll();
