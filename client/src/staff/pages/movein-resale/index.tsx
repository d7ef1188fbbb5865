import { useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import type { ResaleResult } from '@shared/contracts/movein-progress.contract';
import { yuan } from '@shared/domain/fees';
import { MOVEIN_STATUS_LABELS, RESALE_NOTE_MAX } from '@shared/domain/movein';
import { routes } from '@shared/routes';
import { call } from '@/services/cloud';
import { openPage } from '@/services/navigation';
import { confirm, toast } from '@/services/ui';
import { useCloud } from '@/hooks/use-cloud';
import { useSession } from '@/hooks/use-session';
import { useSubmit } from '@/hooks/use-submit';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { Field, FormError } from '@/components/form-field';
import { BuyerFields, checkBuyer, EMPTY_BUYER, type BuyerDraft, type BuyerField } from '@/components/buyer-fields';
import { newRequestId } from '@/components/repair-format';
import '@/components/movein-progress.scss';

const BUYER_FIELDS = ['buyer', 'buyer.name', 'buyer.phone', 'buyer.idNumber', 'note'] as const;

/**
 * 过户迁入 (staff/pages/movein-resale/index?unitId=…, from the unit record): a resold unit changes
 * owner. The old owner's arrears are settled at the cashier's or carried over by a manager's
 * agreement (欠费转移协议); then the old owner's and family's records and WeChat bindings end, the
 * buyer gets a move-in case (旧楼盘迁入) and the 新业主迁入办公通知 on the unit's board.
 */
export default function MoveInResalePage() {
  const session = useSession({ required: true });
  const { params } = useRouter();
  const unitId = params.unitId ?? '';
  const info = useCloud('movein', 'resaleInfo', { unitId }, { skip: !unitId });
  const isManager = (session?.me.roles ?? []).includes('manager');
  const [result, setResult] = useState<ResaleResult>();
  const d = info.data;
  return (
    <View className="page movein-resale">
      <PageHeader title="过户迁入" subtitle={d ? `${d.unitLabel} · 旧楼盘迁入` : undefined} />
      {!unitId ? <Text className="muted">缺少房屋编号，请从房屋资料进入。</Text> : null}
      <StateView loading={info.loading} error={info.error} onRetry={info.reload}>
        {d && result ? <Done result={result} /> : null}
        {d && !result ? (
          <>
            <View className="card resale-owners">
              <Text className="card__title">原业主（过户后解除登记和微信绑定）</Text>
              {d.owners.length === 0 ? <Text className="muted">该房屋没有登记业主</Text> : null}
              {d.owners.map((o) => (
                <View key={`${o.name}${o.phone}`} className="resale__owner">
                  <Text>{o.name}</Text>
                  <Text className="muted">
                    {o.phone || '未登记电话'} · {o.boundToApp ? '已绑定微信' : '未绑定'}
                  </Text>
                </View>
              ))}
              <Text className="muted">租户登记不受影响，如已搬离请在房屋资料中移除。</Text>
            </View>

            <View className="card resale-fees">
              <Text className="card__title">费用结清</Text>
              {d.owedFen === 0 ? (
                <Text className="resale__ok resale-fees__clear">无欠费，可以办理过户</Text>
              ) : (
                <>
                  <Text className="resale__owed">欠费 ¥{yuan(d.owedFen)}</Text>
                  {d.carryOver ? (
                    <Text className="resale__done resale-fees__agreement">
                      已登记欠费转移协议 ¥{yuan(d.carryOver.amountFen)}（{d.carryOver.byName}，{d.carryOver.at.slice(0, 10)}）：{d.carryOver.note}
                    </Text>
                  ) : null}
                  {d.blocked ? <Text className="resale__blocked resale-fees__blocked">请原业主先到收费处结清欠费，或由管理员登记欠费转移协议（由新业主承担）。</Text> : null}
                  {d.blocked && isManager ? <CarryOverForm unitId={unitId} owedFen={d.owedFen} onSaved={info.reload} /> : null}
                </>
              )}
            </View>

            {d.openCase ? (
              <View className="card card--link resale-open" onClick={() => openPage(routes.staff.movein, { id: d.openCase!.moveInId })}>
                <Text className="card__title">该房屋还有未办结的入住手续</Text>
                <Text className="muted">
                  {MOVEIN_STATUS_LABELS[d.openCase.status]}：请先办结或取消后再办理过户
                </Text>
                <Text className="link card__text">查看 ›</Text>
              </View>
            ) : (
              <BuyerForm unitId={unitId} unitLabel={d.unitLabel} blocked={d.blocked} onDone={setResult} />
            )}
          </>
        ) : null}
      </StateView>
    </View>
  );
}

function CarryOverForm({ unitId, owedFen, onSaved }: { unitId: string; owedFen: number; onSaved: () => void }) {
  const [requestId] = useState(() => newRequestId('carry'));
  const [note, setNote] = useState('');
  const submit = useSubmit();
  const save = async () => {
    if (note.trim().length < 2) return submit.fail({ note: '请填写协议说明（谁承担、何时结清）' });
    const saved = await submit.run(() => call('fees', 'carryOver', { unitId, requestId, amountFen: owedFen, note: note.trim() }));
    if (!saved) return;
    toast('协议已登记');
    onSaved();
  };
  return (
    <View className="resale-carry">
      <Field label={`欠费转移协议（¥${yuan(owedFen)} 由新业主承担）`} name="note" required error={submit.fieldErrors.note}>
        <Textarea className="textarea resale-carry__note" value={note} maxlength={RESALE_NOTE_MAX} placeholder="如：买卖双方约定原业主欠费由新业主承担，入伙时一并缴清" onInput={(e) => submit.edited('note', setNote)(e.detail.value)} />
      </Field>
      <FormError error={submit.error} shownFields={['note']} />
      <Button className="btn btn--ghost resale-carry__save" loading={submit.busy} disabled={submit.busy || undefined} onClick={save}>
        登记协议
      </Button>
    </View>
  );
}

function BuyerForm({ unitId, unitLabel, blocked, onDone }: { unitId: string; unitLabel: string; blocked: boolean; onDone: (r: ResaleResult) => void }) {
  const [requestId] = useState(() => newRequestId('resale'));
  const [buyer, setBuyer] = useState<BuyerDraft>(EMPTY_BUYER);
  const [note, setNote] = useState('');
  const submit = useSubmit();
  const edit = (field: BuyerField, v: string) => submit.edited(`buyer.${field}`, (x: string) => setBuyer((b) => ({ ...b, [field]: x })))(v);
  const errors = submit.fieldErrors;
  const save = async () => {
    const { problems, buyer: checked } = checkBuyer(buyer);
    if (Object.keys(problems).length) return submit.fail(problems);
    const ok = await confirm({ title: '办理过户', content: `确定将${unitLabel}过户给“${checked.name}”吗？原业主及家庭成员的登记和微信绑定将解除。`, confirmText: '办理过户', danger: true });
    if (!ok) return;
    const done = await submit.run(() =>
      call('movein', 'resale', { unitId, requestId, buyer: checked, ...(note.trim() ? { note: note.trim() } : {}) }),
    );
    if (done) onDone(done);
  };
  return (
    <View className="card resale-buyer">
      <Text className="card__title">新业主</Text>
      <BuyerFields
        value={buyer}
        onEdit={edit}
        errors={errors}
        block="resale-buyer"
        texts={{ nameLabel: '姓名', namePlaceholder: '与不动产权证书一致', phonePlaceholder: '新业主的手机号', idPlaceholder: '可在办理入伙时核验后补充', idHint: '仅工作人员可见，列表和日志中不显示' }}
      />
      <Field label="备注" name="note" error={errors.note}>
        <Input className="input resale-buyer__note" value={note} maxlength={RESALE_NOTE_MAX} placeholder="如：已核验不动产权证书（可不填）" onInput={(e) => setNote(e.detail.value)} />
      </Field>
      <FormError error={submit.error} shownFields={BUYER_FIELDS} />
      <Button className="btn btn--primary resale-buyer__submit" loading={submit.busy} disabled={submit.busy || blocked || undefined} onClick={save}>
        {blocked ? '欠费未结清，暂不能过户' : '办理过户'}
      </Button>
    </View>
  );
}

function Done({ result }: { result: ResaleResult }) {
  return (
    <View className="card resale-result">
      <Text className="card__title">已办理过户</Text>
      <Text className="resale__done">{result.previousOwners.length ? `原业主 ${result.previousOwners.join('、')} 的登记和微信绑定已解除。` : '该房屋原无登记业主。'}</Text>
      {result.carryOver ? <Text className="resale__done">欠费 ¥{yuan(result.owedFen)} 按转移协议由新业主承担。</Text> : null}
      {result.noticeId ? <Text className="resale__done">《新业主迁入办公通知》已发布到该房屋。</Text> : null}
      <Button className="btn btn--primary resale-result__case" onClick={() => openPage(routes.staff.movein, { id: result.moveInId })}>
        办理入伙手续
      </Button>
    </View>
  );
}
