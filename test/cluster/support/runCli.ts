// Runs the built CLI (dist/cli.js) as a user would and collects its output and exit code.
import { spawn } from 'node:child_process';
import path from 'node:path';

export const cliPath = path.resolve(__dirname, '../../../../dist/cli.js');

export type CliResult = { code: number | null; stdout: string; stderr: string };

export function runCli(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}
