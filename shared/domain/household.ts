/** Who lives in or holds a unit (业主资料). */
export const RESIDENT_RELATIONS = ['owner', 'family', 'tenant'] as const;
export type ResidentRelation = (typeof RESIDENT_RELATIONS)[number];
export const RESIDENT_RELATION_LABELS: Record<ResidentRelation, string> = {
  owner: '业主',
  family: '家庭成员',
  tenant: '租户',
};
