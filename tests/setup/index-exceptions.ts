/**
 * Query shapes that may run without an index (tests/setup/index-coverage.ts), each with the reason.
 * Keys are `shapeKey` strings (cloud/lib/query-shape.ts), exactly as the coverage error prints them.
 * Keep this list short: a shape belongs here only when what it reads is small by construction.
 */
export const SCANS_ON_PURPOSE: Record<string, string> = {};
