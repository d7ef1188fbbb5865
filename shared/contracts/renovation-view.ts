import type { RenovationEvent, RenovationFeeKind, RenovationPaper, RenovationSigner, RenovationStatus, RenovationWork } from '../domain/renovation';

/**
 * A renovation as pages show it (renovation.detail). The application part fills the core; each
 * other part's fields are optional and filled by that part's service (its component on the detail
 * page may fetch more with its own actions). ID numbers are masked (`maskIdNumber`) everywhere but
 * the gate's pass check.
 */
export interface RenovationView {
  id: string;
  no: string;
  unitId: string;
  unitLabel: string;
  status: RenovationStatus;
  ownerName: string;
  /** Masked (138****0101). */
  ownerPhone: string;
  byStaff: boolean;
  rooms: string[];
  works: RenovationWork[];
  forbidden: { key: string; label: string; rule: string; reason?: string; approved?: boolean }[];
  description: string;
  contractor: { company: string; licence: string; foreman: string; phone: string };
  workers: { id: string; name: string; idNumber: string; phone: string; photoUrl?: string }[];
  plannedStart: string;
  plannedEnd: string;
  drawingUrls: string[];
  /** The drawings and photos with their file ids (the form keeps or removes them). */
  drawings: { id: string; url: string }[];
  signatures: { paper: RenovationPaper; signer: RenovationSigner; name: string; at: string; url?: string }[];
  bills: { kind: RenovationFeeKind; billId: string; itemName: string; amountFen: number; paid?: boolean }[];
  submittedAt?: string;
  // --- approval, permit & passes ---
  review?: { conditions: string[]; note?: string; byName: string; at: string };
  returnReason?: string;
  permit?: { no: string; validFrom: string; validTo: string; conditions: string[]; issuedAt: string; byName: string };
  startedAt?: string;
  // --- patrols & violations ---
  nextPatrolOn?: string;
  openViolations: number;
  violationCount: number;
  suspension?: { reason: string; at: string; byName: string };
  // --- completion, deposit & board ---
  acceptance?: Record<string, unknown>;
  deposit?: Record<string, unknown>;
  history: { at: string; event: string; byName: string; note?: string }[];
  /** The RENOVATION_MACHINE events the caller may fire now (pages show their buttons). */
  actions: RenovationEvent[];
}
