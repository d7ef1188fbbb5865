import { useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import type { ArrearsUnit, BillView, ReminderNoticeFile, UnitAccount } from '@shared/contracts/fees.contract';
import type { ArrearsNoticeKind } from '@shared/domain/fee-notice';
import { ARREARS_REASON_LABELS, DEFAULT_LADDER_DAYS, LADDER_STAGES, type LadderStage } from '@shared/domain/fees';
import { dayEndedBy, formatTime } from '@shared/domain/calendar';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { useSubmit } from '@/hooks/use-submit';
import { call } from '@/services/cloud';
import { saveFile } from '@/services/files';
import { toast } from '@/services/ui';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { Stat } from '@/components/stat';
import { BillRow, PaymentRow, ReminderList } from '@/components/fee-bills';
import { FeeNoticePaper } from '@/components/fee-notice-paper';
import { FormError } from '@/components/form-field';
import { ScriptPanel } from '@/components/script-panel';
import { money } from '@/components/fee-entry';
import { OutcomeForm, PayForm, ReasonForm, RefundForm, confirmCancelBill } from '@/components/fee-forms';

type Editing =
  | { kind: 'pay'; bill?: BillView }
  | { kind: 'refund'; paymentId: string }
  | { kind: 'outcome' }
  | { kind: 'pause' }
  | { kind: 'cancel'; billId: string }
  | null;

/** The unit's 催缴 state (pause, last outcome): only units in arrears are in the report. */
function CollectionState({ unit }: { unit: ArrearsUnit | undefined }) {
  if (!unit) return null;
  return (
    <View className="account__collection">
      {unit.paused ? (
        <Text className="tag tag--pending account__paused">
          {unit.paused.kind === 'promise' ? '等待承诺缴费' : '已暂停催缴'}{unit.paused.until ? `（至 ${dayEndedBy(unit.paused.until)}）` : ''}：{unit.paused.reason}
        </Text>
      ) : null}
      {unit.lastOutcome ? (
        <Text className="unit-row__meta account__last-outcome">
          上次催缴：{ARREARS_REASON_LABELS[unit.lastOutcome.reason]}
          {unit.lastOutcome.promiseDate ? ` · 承诺 ${dayEndedBy(unit.lastOutcome.promiseDate)} 前缴费` : ''}
          {unit.lastOutcome.note ? ` · ${unit.lastOutcome.note}` : ''} · {unit.lastOutcome.byName} {formatTime(unit.lastOutcome.at)}
        </Text>
      ) : null}
    </View>
  );
}

/** The unit has an open bill of this notice kind past its due date (parking: 车位使用费; property: the others). */
function hasOverdue(bills: readonly BillView[], kind: ArrearsNoticeKind): boolean {
  return bills.some((b) => b.status === 'open' && b.daysOverdue > 0 && (b.kind === 'parking') === (kind === 'parking'));
}

/** The ladder stage of the unit's most overdue open bill (the community's ladder days, else the defaults); none without an open bill in it. */
function ladderStage(bills: readonly BillView[], days: readonly number[] = DEFAULT_LADDER_DAYS): LadderStage | undefined {
  const open = bills.filter((b) => b.status === 'open' && b.dueFen > 0);
  if (!open.length) return undefined;
  const worst = Math.max(...open.map((b) => b.daysOverdue));
  let stage: LadderStage | undefined;
  for (const s of LADDER_STAGES) if (worst >= (days[s.stage] ?? s.days)) stage = s.stage;
  return stage;
}

/**
 * 缴费账户 (staff/pages/account/index?unitId=…): one unit's bills and payments. Cashiers register
 * payments and refunds; agents and cashiers record how a 催缴 call went; managers also pause the
 * reminders and cancel bills. Anyone here may print the 催缴通知单 of the overdue bills (PDF).
 */
export default function FeeAccountPage() {
  const { params } = useRouter();
  const unitId = params.unitId ?? '';
  const session = useSession({ required: true });
  const account = useCloud('fees', 'account', { unitId }, { skip: !unitId });
  const arrears = useCloud('fees', 'arrears', {}, { skip: !unitId });
  const ladder = useCloud('fees', 'ladder', {}, { skip: !unitId });
  const [collection, setCollection] = useState<ArrearsUnit | undefined>();
  const [editing, setEditing] = useState<Editing>(null);
  const [notice, setNotice] = useState<ReminderNoticeFile | undefined>();
  const noticeMaking = useSubmit();
  const noticeSaving = useSubmit();

  const roles = session?.me.roles ?? [];
  const isManager = roles.includes('manager');
  const canPay = isManager || roles.includes('cashier');
  const a = account.data;
  const unitArrears = collection ?? arrears.data?.items.find((u) => u.unitId === unitId);

  const accountDone = (text: string) => (next: UnitAccount) => {
    account.set(next);
    setNotice(undefined);
    setEditing(null);
    arrears.reload();
    setCollection(undefined);
    toast(text);
  };
  const collectionDone = (text: string) => (next: ArrearsUnit) => {
    setCollection(next);
    setEditing(null);
    toast(text);
  };

  const makeNotice = async (kind: ArrearsNoticeKind) => {
    noticeSaving.clear();
    const file = await noticeMaking.run(() => call('fees', 'reminderNotice', { unitId, kind }));
    if (file) setNotice(file);
  };
  const saveNotice = () => notice && noticeSaving.run(() => saveFile({ fileName: notice.fileName, contentBase64: notice.contentBase64 }));

  const billActions = (b: BillView) => {
    if (b.status !== 'open' || editing) return null;
    if (!canPay && !isManager) return null;
    return (
      <View className="row-actions">
        {canPay && b.dueFen > 0 ? (
          <Text className="link bill-row__pay" onClick={() => setEditing({ kind: 'pay', bill: b })}>
            缴此账单
          </Text>
        ) : null}
        {isManager ? (
          <Text className="danger bill-row__cancel" onClick={() => setEditing({ kind: 'cancel', billId: b.id })}>
            作废
          </Text>
        ) : null}
      </View>
    );
  };

  return (
    <View className="page account">
      <PageHeader title={a ? `缴费账户 · ${a.unitLabel}` : '缴费账户'} subtitle="账单、缴费与退款记录；缴费先抵最早的欠费" />
      {!unitId ? <Text className="muted">缺少房屋参数</Text> : null}
      <StateView loading={account.loading && !a} error={account.error} onRetry={account.reload}>
        {a ? (
          <>
            <View className="card account__summary">
              <View className="stats">
                <Stat className={`account__owed ${a.owedFen > 0 ? 'account__owed--due' : ''}`} value={money(a.owedFen)} label="待缴" />
                <Stat className="account__credit" value={money(a.creditFen)} label="预存余额" />
              </View>
              <CollectionState unit={unitArrears} />
              {!editing ? (
                <View className="account__actions">
                  {canPay ? (
                    <Button className="btn btn--primary account__pay-open" size="mini" onClick={() => setEditing({ kind: 'pay' })}>
                      登记缴费
                    </Button>
                  ) : null}
                  <Button className="btn btn--ghost account__outcome-open" size="mini" onClick={() => setEditing({ kind: 'outcome' })}>
                    记录催缴结果
                  </Button>
                  {isManager ? (
                    <Button className="btn btn--ghost account__pause" size="mini" onClick={() => setEditing({ kind: 'pause' })}>
                      {unitArrears?.paused ? '恢复催缴' : '暂停催缴'}
                    </Button>
                  ) : null}
                </View>
              ) : null}
              {editing?.kind === 'pay' ? <PayForm unitId={unitId} bill={editing.bill} onDone={accountDone('已登记缴费')} onCancel={() => setEditing(null)} /> : null}
              {editing?.kind === 'outcome' ? <OutcomeForm unitId={unitId} onDone={collectionDone('已记录')} onCancel={() => setEditing(null)} /> : null}
              {editing?.kind === 'pause' ? (
                <ReasonForm
                  name="pause"
                  title={unitArrears?.paused ? '恢复催缴' : '暂停催缴（困难户等，直至恢复）'}
                  label="原因"
                  placeholder={unitArrears?.paused ? '如：困难已解决' : '如：低保户，经主管同意暂缓'}
                  submitText={unitArrears?.paused ? '恢复催缴' : '暂停催缴'}
                  send={async (reason, submit) => {
                    const next = await submit.run(() => call('fees', 'pause', { unitId, pause: !unitArrears?.paused, reason }));
                    if (next) collectionDone(next.paused ? '已暂停催缴' : '已恢复催缴')(next);
                  }}
                  onCancel={() => setEditing(null)}
                />
              ) : null}
            </View>

            {hasOverdue(a.bills, 'property') || hasOverdue(a.bills, 'parking') || notice ? (
              <View className="card account__notice">
                <Text className="card__title">催缴通知单</Text>
                <Text className="muted">按逾期未缴的账单生成正式通知单，可打印或转发给业主</Text>
                <View className="account__actions">
                  {hasOverdue(a.bills, 'property') ? (
                    <Button className="btn btn--ghost account__notice-property" size="mini" loading={noticeMaking.busy} disabled={noticeMaking.busy || undefined} onClick={() => makeNotice('property')}>
                      生成催缴通知单
                    </Button>
                  ) : null}
                  {hasOverdue(a.bills, 'parking') ? (
                    <Button className="btn btn--ghost account__notice-parking" size="mini" loading={noticeMaking.busy} disabled={noticeMaking.busy || undefined} onClick={() => makeNotice('parking')}>
                      生成车位催缴通知单
                    </Button>
                  ) : null}
                </View>
                <FormError error={noticeMaking.error} />
                {notice ? (
                  <View className="account__notice-preview">
                    <FeeNoticePaper notice={notice.notice} />
                    <View className="account__actions">
                      <Button className="btn btn--primary account__notice-save" size="mini" loading={noticeSaving.busy} disabled={noticeSaving.busy || undefined} onClick={saveNotice}>
                        {process.env.TARO_ENV === 'h5' ? '下载 PDF' : '转发 PDF'}
                      </Button>
                      <Button className="btn btn--ghost account__notice-close" size="mini" onClick={() => setNotice(undefined)}>
                        收起
                      </Button>
                    </View>
                    <FormError error={noticeSaving.error} />
                  </View>
                ) : null}
              </View>
            ) : null}

            {ladderStage(a.bills, ladder.data?.stages.map((x) => x.days)) !== undefined ? (
              <ScriptPanel
                context={{ context: 'arrears', stage: ladderStage(a.bills, ladder.data?.stages.map((x) => x.days)) }}
                fill={{ 金额: money(a.owedFen), ...(unitArrears?.ownerNames[0] ? { 业主称呼: unitArrears.ownerNames[0] } : {}), ...(session ? { 员工姓名: session.me.name } : {}) }}
                title="催缴话术"
              />
            ) : null}

            <View className="card account__bills">
              <Text className="card__title">账单（{a.bills.length}）</Text>
              {a.bills.length === 0 ? <Text className="muted">暂无账单</Text> : null}
              {a.bills.map((b) => (
                <BillRow
                  key={b.id}
                  bill={b}
                  actions={
                    editing?.kind === 'cancel' && editing.billId === b.id ? (
                      <ReasonForm
                        name="cancel"
                        title="作废账单"
                        label="作废原因"
                        placeholder="如：面积登记错误，重新出账"
                        submitText="作废"
                        danger
                        send={async (reason, submit) => {
                          if (!(await confirmCancelBill(b))) return;
                          const next = await submit.run(() => call('fees', 'cancelBill', { billId: b.id, reason }));
                          if (next) accountDone('已作废')(next);
                        }}
                        onCancel={() => setEditing(null)}
                      />
                    ) : (
                      billActions(b)
                    )
                  }
                />
              ))}
            </View>

            <View className="card account__reminders">
              <Text className="card__title">催缴提醒（{a.reminders.length}）</Text>
              <ReminderList reminders={a.reminders} />
            </View>

            <View className="card account__payments">
              <Text className="card__title">缴费记录（{a.payments.length}）</Text>
              {a.payments.length === 0 ? <Text className="muted">暂无缴费记录</Text> : null}
              {a.payments.map((p) => (
                <PaymentRow
                  key={p.id}
                  payment={p}
                  actions={
                    editing?.kind === 'refund' && editing.paymentId === p.id ? (
                      <RefundForm payment={p} onDone={accountDone(p.online ? '已提交微信退款' : '已退款')} onCancel={() => setEditing(null)} />
                    ) : canPay && !editing && p.amountFen > p.refundedFen + (p.pendingRefunds ?? []).reduce((sum, r) => sum + r.amountFen, 0) ? (
                      <View className="row-actions">
                        <Text className="link payment-row__refund-open" onClick={() => setEditing({ kind: 'refund', paymentId: p.id })}>
                          退款
                        </Text>
                      </View>
                    ) : null
                  }
                />
              ))}
            </View>
          </>
        ) : null}
      </StateView>
    </View>
  );
}
