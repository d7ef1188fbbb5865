import { addMonths, DAY_MS, localMonth, monthBounds } from '@shared/domain/calendar';
import { now } from '../cloud/lib/clock';
import { isDuplicateKey, mongoose } from '../cloud/lib/db';
import { Bill, FeeItem, Payment } from '../cloud/modules/fees/fee.model';
import { accountOf, runBilling } from '../cloud/modules/fees/fee.service';
import { refreshBalances } from '../cloud/modules/fees/balance.service';
import { Unit } from '../cloud/modules/community/community.model';
import { User } from '../cloud/modules/identity/user.model';

type Id = mongoose.Types.ObjectId;

/**
 * Demo fees of 幸福里小区: a monthly property fee (2.35 元/㎡, vacant units at 50 %) and a quarterly
 * parking fee (300 元/个/月, billed quarterly), billed for last month and this month; 张伟 paid what was billed last month
 * (receipt DEMO-0001), so only this month is open for him, and the rest of the community shows arrears.
 * Idempotent: items by name, bills by key, the payment by receipt number.
 */
export async function seedDemoFees(communityId: Id): Promise<void> {
  const cashier = await User.findOne({ communityId, roles: 'cashier' }, { name: 1 }).lean();
  if (!cashier) return;
  for (const item of [
    { name: '物业服务费', kind: 'property', rateFen: 235, cycle: 'monthly', dueDay: 15, vacancyPercent: 50 },
    { name: '车位使用费', kind: 'parking', rateFen: 30000, cycle: 'quarterly', dueDay: 10, vacancyPercent: 100 },
  ]) {
    await FeeItem.updateOne({ communityId, name: item.name }, { $setOnInsert: { ...item, communityId, active: true } }, { upsert: true });
  }
  const caller = { userId: String(cashier._id), name: cashier.name, roles: ['manager' as const], communityId: String(communityId), communityIds: [String(communityId)], unitIds: [] };
  const month = (offset: number) => addMonths(localMonth(now()), offset);
  // Billed once, on the first seed: run again (--force) it would also bill the flats the move-in demo adds
  // after this (8栋) — the monthly billing job's work, not the seed's.
  if (!(await Bill.exists({ communityId }))) {
    await runBilling(caller, month(-1));
    await runBilling(caller, month(0));
  }
  const zhang = await Unit.findOne({ communityId, label: '1栋1单元1502' }, { _id: 1 }).lean();
  if (!zhang) return;
  // He paid everything billed before this month.
  const thisMonthStart = monthBounds(month(0)).from.getTime();
  const earlier = (await accountOf(communityId, zhang._id)).bills.filter((b) => Date.parse(b.dueDate) < thisMonthStart && b.status !== 'cancelled');
  const lastMonthFen = earlier.reduce((sum, b) => sum + b.amountFen, 0);
  if (!lastMonthFen) return;
  try {
    await Payment.create({
      communityId,
      unitId: zhang._id,
      receiptKey: `${String(communityId)}:DEMO-0001`,
      receiptNo: 'DEMO-0001',
      method: 'transfer',
      amountFen: lastMonthFen,
      note: '上月费用',
      cashierId: cashier._id,
      cashierName: cashier.name,
      at: new Date(now().getTime() - 20 * DAY_MS),
    });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  // The payment was inserted here, not through fees.recordPayment: his stored balance follows it.
  await refreshBalances(communityId, [zhang._id]);
}
