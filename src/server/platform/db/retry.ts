/**
 * Runs a transaction again when PostgreSQL picked it as a deadlock victim (40P01) or could not
 * serialise it (40001): the whole transaction rolled back, so running it again is safe. Up to 3 tries.
 */
export async function retryOnDeadlock<T>(run: () => Promise<T>, tries = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (attempt >= tries || (code !== '40P01' && code !== '40001')) throw err;
      await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 20));
    }
  }
}
