import { isDuplicateKey, type mongoose } from './db';

/**
 * insertMany that ignores duplicate keys (unordered): returns the indexes that were NOT inserted
 * because of a duplicate. Any other error is thrown.
 */
export async function insertIgnoringDuplicates(collection: mongoose.mongo.Collection, docs: Record<string, unknown>[]): Promise<Set<number>> {
  const dup = new Set<number>();
  if (docs.length === 0) return dup;
  try {
    await collection.insertMany(docs as never[], { ordered: false });
  } catch (err) {
    const e = err as { writeErrors?: { index: number; code?: number; err?: { code?: number; index?: number } }[] } & Error;
    const writeErrors = Array.isArray(e.writeErrors) ? e.writeErrors : null;
    if (!writeErrors) {
      if (docs.length === 1 && isDuplicateKey(err)) return new Set([0]);
      throw err;
    }
    for (const w of writeErrors) {
      const code = w.code ?? w.err?.code;
      if (code !== 11000) throw err;
      dup.add(w.index ?? w.err?.index ?? -1);
    }
  }
  return dup;
}
