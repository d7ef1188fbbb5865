/**
 * The `archives` function (物业档案). Each part keeps its actions and types in its own file
 * (archives-<part>.contract.ts) and spreads them here.
 */

// --- documents: types ---

// --- ledger: types ---

export const archivesContract = {
  // --- documents ---
  // --- ledger ---
};
