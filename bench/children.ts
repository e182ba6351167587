import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/** A node child process whose stdout speaks JSON lines, with the tail of its stderr kept for errors. */
export class NodeChild {
  readonly process: ChildProcess;
  private readonly waiting: ((line: string) => void)[] = [];
  private readonly unread: string[] = [];
  private readonly logTail: string[] = [];
  private exited: Promise<void>;

  constructor(
    readonly name: string,
    script: string,
    args: string[] = [],
    env: NodeJS.ProcessEnv = process.env,
    nodeArgs: string[] = [],
    /** The Node binary to run it with: this process's, unless given. */
    nodeBinary: string = process.execPath,
  ) {
    this.process = spawn(nodeBinary, [...nodeArgs, script, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    createInterface({ input: this.process.stdout! }).on('line', (line) => {
      const waiter = this.waiting.shift();
      if (waiter) waiter(line);
      else if (this.unread.length < 1_000) this.unread.push(line);
      this.keep(line);
    });
    createInterface({ input: this.process.stderr! }).on('line', (line) => this.keep(line));
    this.exited = new Promise((resolve) => this.process.once('exit', () => resolve()));
  }

  get pid(): number {
    if (this.process.pid === undefined) throw new Error(`${this.name} did not start`);
    return this.process.pid;
  }

  /** The last lines it wrote (stdout and stderr), for error messages. */
  tail(): string {
    return this.logTail.join('\n');
  }

  /** The next stdout line parsed as JSON; fails when the child exits or stays silent for `timeoutMs`. */
  nextJson<T>(timeoutMs = 10_000): Promise<T> {
    const queued = this.unread.shift();
    if (queued !== undefined) return Promise.resolve(parseLine<T>(this.name, queued));
    return new Promise<T>((resolve, reject) => {
      const fail = (why: string) => {
        clearTimeout(timer);
        this.waiting.splice(this.waiting.indexOf(onLine), 1);
        reject(new Error(`${this.name} ${why}\n${this.tail()}`));
      };
      const onLine = (line: string) => {
        clearTimeout(timer);
        this.process.off('exit', onExit);
        try {
          resolve(parseLine<T>(this.name, line));
        } catch (error) {
          reject(error);
        }
      };
      const onExit = () => fail('exited');
      const timer = setTimeout(() => fail(`said nothing within ${timeoutMs} ms`), timeoutMs);
      this.waiting.push(onLine);
      this.process.once('exit', onExit);
    });
  }

  /** Sends one JSON line on stdin and waits for the JSON line that answers it. */
  async ask<T>(command: unknown): Promise<T> {
    const answer = this.nextJson<T>();
    this.process.stdin!.write(`${JSON.stringify(command)}\n`);
    return answer;
  }

  /** SIGTERM, then SIGKILL when it has not exited within `graceMs`. */
  async stop(graceMs = 5_000): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    this.process.kill('SIGTERM');
    const timer = setTimeout(() => this.process.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  private keep(line: string): void {
    this.logTail.push(line);
    if (this.logTail.length > 40) this.logTail.shift();
  }
}

function parseLine<T>(name: string, line: string): T {
  try {
    return JSON.parse(line) as T;
  } catch {
    throw new Error(`${name} wrote a line that is not JSON: ${line.slice(0, 200)}`);
  }
}
