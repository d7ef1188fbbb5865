import { PAY_NOTIFY_PATH } from '../../cloud/gateway/server';
import { getConfig, resetConfig } from '../../cloud/lib/config';
import { generateRsaKeyPair, startFakeWechatPay, type FakeWechatPayServer } from '../../cloud/lib/wechat-pay/fake-pay-server';
import { templateByKey } from '../../cloud/lib/wechat/templates';
import type { UnitAccount } from '@shared/contracts/fees.contract';
import { loginAs, makeBuilding, makeCommunity, makeOwner, makeUnit, makeUser } from './factories';
import type { Stack } from './stack';

/**
 * A fake WeChat Pay server with throwaway merchant keys, and the stack's WECHAT_PAY_* pointed at it
 * (as tests/integration/payments.test.ts does), for the tests of refunds and reconciliation.
 */
const MCHID = '1900000001';
const SERIAL = '3775B6A45ACD588826D15E583A95F5DD00000000';
const API_V3_KEY = 'abcdefghijklmnopqrstuvwxyz012345';
const PAY_ENV = ['WECHAT_PAY_API_BASE', 'WECHAT_PAY_MCHID', 'WECHAT_PAY_SERIAL', 'WECHAT_PAY_PRIVATE_KEY', 'WECHAT_PAY_APIV3_KEY', 'WECHAT_PAY_PLATFORM_PUBLIC_KEY', 'WECHAT_PAY_PLATFORM_SERIAL', 'WECHAT_PAY_NOTIFY_URL'];

export interface PayFixture {
  pay: FakeWechatPayServer;
  stop(): Promise<void>;
}

export async function startPayFixture(stack: Stack): Promise<PayFixture> {
  const merchant = generateRsaKeyPair();
  const pay = await startFakeWechatPay({ mchid: MCHID, appId: getConfig().wechat.appId, merchantSerial: SERIAL, merchantPublicKeyPem: merchant.publicKeyPem, apiV3Key: API_V3_KEY });
  Object.assign(process.env, {
    WECHAT_PAY_API_BASE: pay.baseUrl,
    WECHAT_PAY_MCHID: MCHID,
    WECHAT_PAY_SERIAL: SERIAL,
    WECHAT_PAY_PRIVATE_KEY: merchant.privateKeyPem,
    WECHAT_PAY_APIV3_KEY: API_V3_KEY,
    WECHAT_PAY_PLATFORM_PUBLIC_KEY: pay.platformPublicKeyPem,
    WECHAT_PAY_PLATFORM_SERIAL: pay.platformSerial,
    WECHAT_PAY_NOTIFY_URL: `${stack.baseUrl}${PAY_NOTIFY_PATH}`,
  });
  resetConfig();
  if (!getConfig().wechatPay) throw new Error('WeChat Pay is not configured');
  return {
    pay,
    async stop() {
      for (const k of PAY_ENV) delete process.env[k];
      resetConfig();
      await pay.close();
    },
  };
}

export type Env = { ok: boolean; data?: unknown; error?: { code: string; message?: string; details?: Record<string, unknown> } };
export const ok = <T>(r: Env): T => {
  if (!r.ok) throw new Error(`${r.error?.code}: ${r.error?.message}`);
  return r.data as T;
};
export const codeOf = (r: Env) => (r.ok ? 'ok' : r.error?.code);

let seq = 0;
export const rid = () => `pay-fixture-${Date.now()}-${++seq}`;

/**
 * A community with a property fee billed for November (one bill of 200 元 for unit 0801), its owner,
 * a cashier and a manager.
 */
export async function payWorld(stack: Stack) {
  const c = await makeCommunity();
  const b = await makeBuilding(c._id, '1栋');
  const unit = await makeUnit(c._id, b._id, { room: '0801', areaM2: 100 });
  const owner = await makeOwner(c._id, [unit._id], '缴费业主');
  const ownerToken = await loginAs(stack, owner._id);
  const manager = await loginAs(stack, (await makeUser(c._id, { roles: ['manager'] }))._id);
  const cashier = await loginAs(stack, (await makeUser(c._id, { roles: ['cashier'], name: '收费员小林' }))._id);
  for (const key of ['fee.reminder', 'fee.overdue']) ok(await stack.invoke('messaging', 'reportSubscription', { results: [{ templateId: templateByKey(key)!.templateId, result: 'accept' }] }, ownerToken));
  ok(await stack.invoke('fees', 'saveItem', { name: '物业服务费', kind: 'property', rateFen: 200, cycle: 'monthly', dueDay: 15 }, manager));
  ok(await stack.invoke('fees', 'runBilling', { month: '2026-11' }, manager));
  const account = async (): Promise<UnitAccount> => ok<UnitAccount[]>(await stack.invoke('fees', 'myAccounts', {}, ownerToken))[0];
  const staffAccount = async (): Promise<UnitAccount> => ok<UnitAccount>(await stack.invoke('fees', 'account', { unitId: String(unit._id) }, cashier));
  const billId = (await account()).bills[0].id;
  const prepare = (data: { billIds?: string[]; aheadFen?: number }, token = ownerToken) => stack.invoke('fees', 'payPrepare', { unitId: String(unit._id), requestId: rid(), ...data }, token) as Promise<Env>;
  return { c, b, unit, owner, ownerToken, manager, cashier, account, staffAccount, billId, prepare };
}
