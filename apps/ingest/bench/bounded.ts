/** Waits for `work` at most `ms`; the timer is cleared either way, so it never holds the process. */
export async function bounded<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined
  try {
    return await Promise.race([
      work,
      new Promise<undefined>((ok) => (timer = setTimeout(() => ok(undefined), ms))),
    ])
  } finally {
    clearTimeout(timer)
  }
}
