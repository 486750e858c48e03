/** Exit codes of every command (interfaces.md): 0 success, 1 a failed check, 2 bad usage or input. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;
