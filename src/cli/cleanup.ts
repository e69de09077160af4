/**
 * Temporary files and directories of the running command, removed when the
 * command is interrupted (SIGINT, SIGTERM, SIGHUP) as well as when it fails:
 * an interrupted `decode -o` must not leave a hidden partial file behind.
 *
 * Conversions run synchronously, so a signal is handled when the work next
 * yields: the converters yield every few MiB ({@linkcode yieldToSignals}).
 */

const temporaries = new Set<string>();
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
/** The shell's exit status for a command killed by each signal. */
const STATUS = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
const handlers = new Map<Deno.Signal, () => void>();

/** Removes every temporary path now (a directory with what is in it). */
export function removeTemporaries(): void {
  for (const path of temporaries) {
    try {
      Deno.removeSync(path, { recursive: true });
    } catch {
      // already gone
    }
  }
  temporaries.clear();
  unlisten();
}

function listen(): void {
  if (handlers.size > 0) return;
  for (const signal of SIGNALS) {
    const handler = () => {
      removeTemporaries();
      Deno.exit(STATUS[signal]);
    };
    handlers.set(signal, handler);
    Deno.addSignalListener(signal, handler);
  }
}

function unlisten(): void {
  for (const [signal, handler] of handlers) {
    Deno.removeSignalListener(signal, handler);
  }
  handlers.clear();
}

/** Notes `path` as temporary until {@linkcode kept} or removal. */
export function temporary(path: string): void {
  temporaries.add(path);
  listen();
}

/** `path` is no longer temporary: it was renamed into place or removed. */
export function kept(path: string): void {
  temporaries.delete(path);
  if (temporaries.size === 0) unlisten();
}

/** Lets a pending signal be handled: call it every few MiB of sync work. */
export function yieldToSignals(): Promise<void> {
  return handlers.size === 0 ? Promise.resolve() : nextTurn();
}

/**
 * A promise settled on a later turn of the event loop. By MessageChannel,
 * not setTimeout: Deno 2's setTimeout is Node's timers module, loaded on
 * first use, and that load was a sixth of `crit --help` (README,
 * Performance: "Strings, bytes, pretty text and start-up").
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
