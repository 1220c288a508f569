import { parseArgs } from 'node:util';
import { startRealtimeStandin } from './server.ts';

/**
 * Demo entry: `bun server/standins/realtime/cli.ts --port 8788 [--script file.json]
 * [--api-key KEY] [--speed 4] [--fixtures DIR]`. Point the app's OpenAI Realtime base URL
 * at the printed `ws://` address.
 */
const { values } = parseArgs({
  args: Bun.argv.slice(2),
  options: {
    port: { type: 'string', default: '8788' },
    hostname: { type: 'string', default: '127.0.0.1' },
    script: { type: 'string' },
    'api-key': { type: 'string' },
    speed: { type: 'string' },
    fixtures: { type: 'string' },
  },
});

const standin = await startRealtimeStandin({
  port: Number(values.port),
  hostname: values.hostname,
  script: values.script,
  apiKey: values['api-key'],
  fixturesDir: values.fixtures,
  pacing: values.speed ? { speed: Number(values.speed) } : undefined,
  keepInputAudio: false,
});
console.log(`OpenAI Realtime stand-in listening on ${standin.url}`);

const shutdown = async () => {
  await standin.stop();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
