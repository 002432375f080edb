// A running oracle binary (test/oracle/*.go): JSON lines in, JSON lines out, answered in order.
// Many requests may be in flight; each promise resolves with its own line.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';

export type OracleFieldError = { field: string; type: string; detail?: string; badValue?: string; message: string };

export type OracleAnswer = {
  release: string;
  valid?: boolean;
  errors?: OracleFieldError[];
  status?: { code: number; reason: string; message: string; causes?: { reason: string; message: string; field: string }[] };
  decodeError?: string;
  result?: unknown;
  error?: string;
};

export type OracleRequest =
  | { op: 'update' | 'resize'; old: unknown; new: unknown; gates?: Record<string, boolean>; stage?: 'server' | 'validate' }
  | { op: 'smp-create'; original: unknown; modified: unknown }
  | { op: 'smp-apply'; original: unknown; patch: unknown }
  | { op: 'info' };

export class OracleProcess {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly pending: { resolve: (a: OracleAnswer) => void; reject: (e: Error) => void }[] = [];
  private stderr = '';
  private exited: Error | undefined;

  constructor(binary: string, signal?: AbortSignal) {
    this.child = spawn(binary, [], { stdio: ['pipe', 'pipe', 'pipe'], signal });
    this.child.stderr.setEncoding('utf8').on('data', (d: string) => { this.stderr = (this.stderr + d).slice(-4000); });
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      const p = this.pending.shift();
      if (!p) return;
      try { p.resolve(JSON.parse(line) as OracleAnswer); } catch (e) { p.reject(e as Error); }
    });
    const fail = (e: Error) => {
      this.exited = e;
      for (const p of this.pending.splice(0)) p.reject(e);
    };
    this.child.on('error', fail);
    this.child.on('exit', (code, sig) => fail(new Error(`oracle ${binary} exited (${code ?? sig}): ${this.stderr}`)));
    this.child.stdin.on('error', () => { /* reported through exit */ });
  }

  ask(req: OracleRequest): Promise<OracleAnswer> {
    if (this.exited) return Promise.reject(this.exited);
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      this.child.stdin.write(JSON.stringify(req) + '\n');
    });
  }

  /** Closes stdin and waits for the process to end. */
  async close(): Promise<void> {
    if (this.exited) return;
    const done = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.stdin.end();
    await done;
  }
}
