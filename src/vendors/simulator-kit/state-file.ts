import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** The format of a state file; a file of another version is refused rather than misread. */
const STATE_VERSION = 1;

/**
 * A simulator's state in one small JSON file, so that what a sandbox vendor holds (orders,
 * purchases) outlives a restart as the gateway's ledger does. Written whole after every
 * change, through a temporary file and a rename: a reader never sees half a file.
 */
export class StateFile<T> {
  constructor(readonly path: string) {}

  /** The saved state; undefined when there is no file yet. */
  read(): T | undefined {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new Error(`simulator state ${this.path} cannot be read: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
    }
    let saved: { version?: unknown; state?: T };
    try {
      saved = JSON.parse(text) as typeof saved;
    } catch {
      throw new Error(`simulator state ${this.path} is not JSON: delete it to start the sandbox afresh`);
    }
    if (saved.version !== STATE_VERSION || saved.state === undefined) {
      throw new Error(`simulator state ${this.path} is not of version ${STATE_VERSION}: delete it to start the sandbox afresh`);
    }
    return saved.state;
  }

  write(state: T): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify({ version: STATE_VERSION, state }));
    renameSync(temporary, this.path);
  }
}
