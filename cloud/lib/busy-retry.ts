/**
 * The local FerretDB (SQLite) answers SQLITE_BUSY ("database is locked") when hundreds of writes land
 * at once (measured: 500 bookings at the same moment); the write did not happen, so it is tried again
 * (up to 8 times, with a growing, jittered pause). Any other error goes straight to the caller.
 */
/** A pause (retries and back-offs of the writes that race). */
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const isBusy = (err: unknown) => err instanceof Error && /SQLITE_BUSY|database is locked/.test(err.message);

export async function whenNotBusy<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (err) {
      if (!isBusy(err) || attempt >= 8) throw err;
      await sleep(20 * attempt + Math.random() * 50);
    }
  }
}
