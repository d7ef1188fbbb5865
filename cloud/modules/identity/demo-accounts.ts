import type { DemoAccount } from '@shared/contracts/auth.contract';

/**
 * Demo login codes (demo mode only). The fake WeChat server resolves each code to its openid
 * and the demo seed links that openid to a seeded person.
 */
export interface DemoAccountSeed extends DemoAccount {
  openid: string;
}

export const DEMO_ACCOUNTS: readonly DemoAccountSeed[] = [
  { code: 'demo-owner', openid: 'demo-openid-owner-zhang', name: '张伟', role: 'owner', description: '业主 · 1栋1单元1502' },
  { code: 'demo-owner2', openid: 'demo-openid-owner-li', name: '李娜', role: 'owner', description: '业主 · 2栋1单元0801、2栋1单元0802' },
  { code: 'demo-agent', openid: 'demo-openid-agent', name: '王芳', role: 'agent', description: '客服专员' },
  { code: 'demo-agent2', openid: 'demo-openid-agent2', name: '周晓雨', role: 'agent', description: '新入职客服 · 入职学习进行中' },
  { code: 'demo-tech1', openid: 'demo-openid-tech-liu', name: '刘强', role: 'technician', description: '维修师傅 · 水电、管道疏通、公共照明' },
  { code: 'demo-tech2', openid: 'demo-openid-tech-chen', name: '陈磊', role: 'technician', description: '维修师傅 · 门窗、墙面/渗漏、门禁/对讲、电梯、其他' },
  { code: 'demo-cashier', openid: 'demo-openid-cashier', name: '赵敏', role: 'cashier', description: '收费员' },
  { code: 'demo-manager', openid: 'demo-openid-manager', name: '孙涛', role: 'manager', description: '客服主管' },
  { code: 'demo-buyer', openid: 'demo-openid-owner-buyer', name: '陈思远', role: 'owner', description: '新业主 · 8栋1单元0302（待预约入住）' },
];

/** code → openid, as the fake WeChat server needs it. */
export function demoCodeMap(): Map<string, string> {
  return new Map(DEMO_ACCOUNTS.map((a) => [a.code, a.openid]));
}

/** Demo only: `demo-guest-<4–40 letters/digits>` logs in as a new WeChat user (one per suffix). */
export const DEMO_NEW_USER_PREFIX = 'demo-guest-';
