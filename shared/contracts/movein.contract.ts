import './contract';

// --- batches & bookings: types ---

// --- checklist: types ---

// --- inspection & documents: types ---

// --- progress, calls & resale: types ---

export const moveinContract = {
  // --- batches & bookings ---
  // --- checklist ---
  // --- inspection & documents ---
  // --- progress, calls & resale ---
};
