/**
 * The `growth` function (员工成长). Each part keeps its actions and types in its own file
 * (growth-<part>.contract.ts) and spreads them here.
 */

// --- courses: types ---

// --- practice & figures: types ---

export const growthContract = {
  // --- courses ---
  // --- practice & figures ---
};
