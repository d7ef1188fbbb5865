import { ownValue } from './safe-text';

/** Who lives in or holds a unit (业主资料). */
export const RESIDENT_RELATIONS = ['owner', 'family', 'tenant'] as const;
export type ResidentRelation = (typeof RESIDENT_RELATIONS)[number];
export const RESIDENT_RELATION_LABELS: Record<ResidentRelation, string> = {
  owner: '业主',
  family: '家庭成员',
  tenant: '租户',
};

export function parseRelation(text: string): ResidentRelation | undefined {
  const t = text.trim();
  if ((RESIDENT_RELATIONS as readonly string[]).includes(t)) return t as ResidentRelation;
  return ownValue<ResidentRelation>({ 业主: 'owner', 产权人: 'owner', 家庭成员: 'family', 家属: 'family', 成员: 'family', 租户: 'tenant', 租客: 'tenant' }, t);
}
