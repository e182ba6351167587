const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * Runs `start` and removes the SIGTERM/SIGINT listeners it added. Apollo Server adds its
 * own outside NODE_ENV=test (`stopOnTerminationSignals`): it stops itself, then sends the
 * signal again, which the process would read as an operator's second signal and exit
 * without draining. The entry point (main.ts) owns termination signals.
 */
export async function withoutSignalListeners<T>(start: () => Promise<T>): Promise<T> {
  const before = new Map(SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  try {
    return await start();
  } finally {
    for (const signal of SIGNALS) {
      for (const listener of process.listeners(signal)) {
        if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
      }
    }
  }
}
