/** Aborts its signal when nothing happened for `ms`; `touch` says something did. */
export interface IdleTimer {
  readonly signal: AbortSignal;
  /** True once the timer (not the outer signal) aborted. */
  readonly expired: boolean;
  touch(): void;
  stop(): void;
}

/**
 * An idle timer rather than a deadline: a long answer that keeps streaming is not cut
 * off, while a provider that goes quiet is. Without `ms` only `outer` can abort.
 */
export function startIdleTimer(ms: number | undefined, outer?: AbortSignal): IdleTimer {
  const controller = new AbortController();
  const onOuterAbort = () => controller.abort(outer?.reason);
  if (outer?.aborted) onOuterAbort();
  else outer?.addEventListener('abort', onOuterAbort, { once: true });

  let expired = false;
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    if (ms === undefined || controller.signal.aborted) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      expired = true;
      controller.abort(new Error(`no activity for ${ms} ms`));
    }, ms);
  };
  arm();
  return {
    signal: controller.signal,
    get expired() {
      return expired;
    },
    touch: arm,
    stop() {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onOuterAbort);
    },
  };
}
