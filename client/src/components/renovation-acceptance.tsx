import type { RenovationView } from '@shared/contracts/renovation.contract';

export interface RenovationAcceptanceProps {
  renovation: RenovationView;
  /** Who looks: the owner (owner pages) or staff (agent/manager pages; roles from the session). */
  viewer: 'owner' | 'staff';
  /** Call after a change so the page reloads the renovation. */
  onChanged: () => void;
}

/** The renovation detail pages' "completion, deposit & board" section (owned by that part; placeholder until it lands). */
export function RenovationAcceptance(_props: RenovationAcceptanceProps) {
  return null;
}
