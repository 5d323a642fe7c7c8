/** Runs a command to completion and captures its output; throws with that output on failure. */
import { spawn } from 'node:child_process';

/**
 * Runs `cmd args` in `cwd`. Resolves with `{ stdout, stderr }` on exit code 0; otherwise rejects
 * with an Error whose message names the command, the exit code and the last lines of its output.
 */
export function run(cmd, args, { cwd, env = process.env, timeoutMs = 10 * 60_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`${cmd} ${args.join(' ')}: could not start: ${e.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve({ stdout, stderr });
      else {
        const tail = `${stdout}\n${stderr}`.trim().split('\n').slice(-40).join('\n');
        reject(
          new Error(
            `\`${cmd} ${args.join(' ')}\` in ${cwd ?? process.cwd()} exited with ${code ?? signal}\n${tail}`,
          ),
        );
      }
    });
  });
}
