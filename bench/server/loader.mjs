// Starts remote-write-load.mjs as its own process and calls its commands over IPC.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { pin } from './proc-stats.mjs';

export async function startLoader(cpu) {
  const child = spawn(process.execPath, [new URL('./remote-write-load.mjs', import.meta.url).pathname], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const [ready] = await once(child, 'message');
  if (ready?.type !== 'ready') throw new Error('load generator did not start');
  if (cpu !== undefined) pin(child.pid, cpu);
  let nextId = 1;
  const pending = new Map();
  child.on('message', (m) => {
    const p = pending.get(m.id);
    if (p === undefined) return;
    pending.delete(m.id);
    if (m.error !== undefined) p.reject(new Error(`load generator: ${m.error}`));
    else p.resolve(m.result);
  });
  child.on('exit', (code) => {
    for (const p of pending.values()) p.reject(new Error(`load generator exited with ${code}`));
    pending.clear();
  });
  return {
    pid: child.pid,
    call(command) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        child.send({ ...command, id });
      });
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.disconnect();
      await exited;
    },
  };
}
