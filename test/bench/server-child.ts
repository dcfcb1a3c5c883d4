// The app's server in its own process (so the load generator does not share its event loop or its
// RSS). Forked with IPC: sends { port } when listening; on 'stop' closes the server and sends { peakRssMiB };
// exits when its parent goes.
import { startServer } from './app-adapter';

async function main(): Promise<void> {
  const server = await startServer(process.argv[2]);
  process.send!({ port: server.port });
  process.on('message', async (message) => {
    if (message !== 'stop') return;
    await server.close();
    process.send!({ peakRssMiB: process.resourceUsage().maxRSS / 1024 }, () => process.exit(0));
  });
  // The section that started it died without stopping it: do not outlive it.
  process.on('disconnect', () => process.exit(1));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
