/**
 * Contrast markers (转折: 虽然…但是). What follows the last contrast marker carries the message:
 * sentiment before it is weighted BEFORE_CONTRAST, after it AFTER_CONTRAST.
 */
export const CONTRAST_MARKERS: readonly string[] = ['但是', '但', '可是', '不过', '然而', '只是'];
export const BEFORE_CONTRAST = 0.4;
export const AFTER_CONTRAST = 1.2;
