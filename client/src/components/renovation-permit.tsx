import type { RenovationView } from '@shared/contracts/renovation.contract';

export interface RenovationPermitProps {
  renovation: RenovationView;
  /** Who looks: the owner (owner pages) or staff (agent/manager pages; roles from the session). */
  viewer: 'owner' | 'staff';
  /** Call after a change so the page reloads the renovation. */
  onChanged: () => void;
}

/** The renovation detail pages' "approval, permit & passes" section (owned by that part; placeholder until it lands). */
export function RenovationPermit(_props: RenovationPermitProps) {
  return null;
}
