/**
 * The `life` function (community life: surveys, activities, notice boards). Each part keeps its
 * actions and types in its own file (life-<part>.contract.ts) and spreads them here.
 */

export const lifeContract = {
  // --- surveys ---
  // --- results & satisfaction ---
  // --- activities ---
  // --- notice boards ---
};
