/**
 * Our own Aho-Corasick automaton over UTF-16 code units, in flat typed arrays, so the per-message
 * scan allocates nothing and can be fused with normalisation (see analyze.ts).
 *
 * - Every code unit that occurs in some keyword gets a small class id (`classOf`, 0 = occurs in no
 *   keyword: the scan goes straight back to the root).
 * - Root transitions are a dense array by class (`rootNext`); every other state keeps its edges in
 *   one slice of `edgeClass` / `edgeNext` (most states have a single child, so a linear scan wins).
 * - `fail` holds the failure links.
 * - Outputs: the keywords recognised in a state (its own keyword first, then those of its
 *   failure chain, i.e. longest first) are the slice outStart[state]..outStart[state + 1] of
 *   `outTerms`. Matches therefore come ordered by end and, for one end, longest first, exactly
 *   like `@monyone/aho-corasick`'s `matchInText`.
 */

export interface Automaton {
  /** Class id per code unit; 0 when the code unit occurs in no keyword. */
  classOf: Uint16Array;
  /** State reached from the root on each class (0 = stay at the root). */
  rootNext: Int32Array;
  /** Edges of state s: indices edgeStart[s] .. edgeStart[s + 1] of edgeClass / edgeNext. */
  edgeStart: Int32Array;
  edgeClass: Uint16Array;
  edgeNext: Int32Array;
  fail: Int32Array;
  /** Keywords recognised in state s: outTerms[outStart[s] .. outStart[s + 1]] (keyword indices). */
  outStart: Int32Array;
  outTerms: Int32Array;
  /** Most keywords recognised at one position (sizes the per-message match buffer). */
  maxOutputs: number;
  /** Length of keyword i in code units. */
  keywordLength: Int32Array;
}

/** Build the automaton; keyword i is reported as index i. Keywords must be non-empty and distinct. */
export function buildAutomaton(keywords: readonly string[]): Automaton {
  const classOf = new Uint16Array(0x10000);
  let classes = 1;
  for (const keyword of keywords) {
    for (let i = 0; i < keyword.length; i++) {
      const c = keyword.charCodeAt(i);
      if (classOf[c] === 0) {
        if (classes > 0xffff) throw new Error('too many distinct characters in the lexicon');
        classOf[c] = classes++;
      }
    }
  }

  // Trie with Map children (build time only).
  const children: Array<Map<number, number>> = [new Map()];
  const own: number[] = [-1];
  keywords.forEach((keyword, index) => {
    let state = 0;
    for (let i = 0; i < keyword.length; i++) {
      const cls = classOf[keyword.charCodeAt(i)];
      let next = children[state].get(cls);
      if (next === undefined) {
        next = children.length;
        children.push(new Map());
        own.push(-1);
        children[state].set(cls, next);
      }
      state = next;
    }
    own[state] = index;
  });
  const states = children.length;

  // Failure links and output lists, breadth first (a failure target is always shallower).
  const fail = new Int32Array(states);
  const outputs: number[][] = new Array<number[]>(states);
  outputs[0] = [];
  const queue: number[] = [0];
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head];
    for (const [cls, child] of children[state]) {
      let target = 0;
      if (state !== 0) {
        let f = fail[state];
        for (;;) {
          const next = children[f].get(cls);
          if (next !== undefined) {
            target = next;
            break;
          }
          if (f === 0) break;
          f = fail[f];
        }
      }
      fail[child] = target;
      outputs[child] = own[child] >= 0 ? [own[child], ...outputs[target]] : outputs[target];
      queue.push(child);
    }
  }

  const rootNext = new Int32Array(classes);
  for (const [cls, child] of children[0]) rootNext[cls] = child;
  const edgeStart = new Int32Array(states + 1);
  let edges = 0;
  for (let s = 0; s < states; s++) {
    edgeStart[s] = edges;
    if (s !== 0) edges += children[s].size;
  }
  edgeStart[states] = edges;
  const edgeClass = new Uint16Array(edges);
  const edgeNext = new Int32Array(edges);
  for (let s = 1; s < states; s++) {
    let e = edgeStart[s];
    for (const [cls, child] of children[s]) {
      edgeClass[e] = cls;
      edgeNext[e++] = child;
    }
  }

  const outStart = new Int32Array(states + 1);
  let total = 0;
  let maxOutputs = 0;
  for (let s = 0; s < states; s++) {
    outStart[s] = total;
    total += outputs[s].length;
    if (outputs[s].length > maxOutputs) maxOutputs = outputs[s].length;
  }
  outStart[states] = total;
  const outTerms = new Int32Array(total);
  for (let s = 0; s < states; s++) outTerms.set(outputs[s], outStart[s]);

  const keywordLength = Int32Array.from(keywords, (k) => k.length);
  return { classOf, rootNext, edgeStart, edgeClass, edgeNext, fail, outStart, outTerms, maxOutputs, keywordLength };
}

/**
 * Every keyword occurrence in `text` (no normalisation), ordered by end and, for one end, longest
 * first. Allocates per match: for tests and tools only; analyze.ts runs its own fused loop.
 */
export function findMatches(automaton: Automaton, text: string): Array<{ begin: number; end: number; index: number }> {
  const { classOf, rootNext, edgeStart, edgeClass, edgeNext, fail, outStart, outTerms, keywordLength } = automaton;
  const found: Array<{ begin: number; end: number; index: number }> = [];
  let state = 0;
  for (let i = 0; i < text.length; i++) {
    const cls = classOf[text.charCodeAt(i)];
    if (cls === 0) {
      state = 0;
      continue;
    }
    let s = state;
    let next = 0;
    while (s !== 0) {
      let e = edgeStart[s];
      const last = edgeStart[s + 1];
      while (e < last && edgeClass[e] !== cls) e++;
      if (e < last) {
        next = edgeNext[e];
        break;
      }
      s = fail[s];
    }
    if (s === 0) next = rootNext[cls];
    state = next;
    for (let k = outStart[next]; k < outStart[next + 1]; k++) {
      const index = outTerms[k];
      found.push({ begin: i + 1 - keywordLength[index], end: i + 1, index });
    }
  }
  return found;
}
