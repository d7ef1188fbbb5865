import type { RenovationView } from '@shared/contracts/renovation.contract';

export interface RenovationPatrolsProps {
  renovation: RenovationView;
  /** Who looks: the owner (owner pages) or staff (agent/manager pages; roles from the session). */
  viewer: 'owner' | 'staff';
  /** Call after a change so the page reloads the renovation. */
  onChanged: () => void;
}

/** The renovation detail pages' "patrols & violations" section (owned by that part; placeholder until it lands). */
export function RenovationPatrols(_props: RenovationPatrolsProps) {
  return null;
}
