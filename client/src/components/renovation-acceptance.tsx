import { useState } from 'react';
import { Button, Image, Input, Picker, Text, Textarea, View } from '@tarojs/components';
import type { UploadedFile } from '@shared/contracts/files.contract';
import type { RenovationView } from '@shared/contracts/renovation.contract';
import type { AcceptanceRoundView, RenovationCompletionView } from '@shared/contracts/renovation-completion.contract';
import { chineseDate, formatTime, localDay } from '@shared/domain/calendar';
import { parseYuan } from '@shared/domain/fees';
import { ACCEPTANCE_DEDUCTIONS_MAX, ACCEPTANCE_DEFECTS_MAX, ACCEPTANCE_ITEMS, depositBreakdown, WATER_TEST_RESULT_LABELS, type AcceptanceItemKey, type WaterTestResult } from '@shared/domain/renovation';
import { useCloud } from '../hooks/use-cloud';
import { useReloadOnReturn } from './reload-on-return';
import { useSession } from '../hooks/use-session';
import { useSubmit, type Submit } from '../hooks/use-submit';
import { call } from '../services/cloud';
import { photoSrc, previewPhotos } from '../services/photos';
import { confirm, toast } from '../services/ui';
import { Choices } from './choices';
import { MONEY_INPUT_TYPE, money } from './fee-entry';
import { Field, FormError } from './form-field';
import { PhotoPicker } from './photo-picker';
import { newRequestId } from './repair-format';
import { StateView } from './state-view';
import './renovation-patrols.scss';
import './renovation-acceptance.scss';

export interface RenovationAcceptanceProps {
  renovation: RenovationView;
  /** Who looks: the owner (owner pages) or staff (agent/manager pages; roles from the session). */
  viewer: 'owner' | 'staff';
  /** Call after a change so the page reloads the renovation. */
  onChanged: () => void;
}

/** Statuses in which the section shows: works on site and after (earlier ones have nothing to accept). */
const SHOWN_IN = ['in_progress', 'suspended', 'acceptance', 'accepted', 'closed'];

const OUTCOMES: { value: 'pass' | 'fail'; label: string }[] = [
  { value: 'pass', label: '验收通过' },
  { value: 'fail', label: '验收不通过' },
];
const WATER_RESULTS: { value: WaterTestResult; label: string }[] = [
  { value: 'pass', label: WATER_TEST_RESULT_LABELS.pass },
  { value: 'leak', label: WATER_TEST_RESULT_LABELS.leak },
];

/** One round of acceptance as recorded: outcome, items not in order, 闭水试验, defects, deductions. */
function RoundCard({ round: r }: { round: AcceptanceRoundView }) {
  const bad = r.items.filter((i) => !i.ok);
  const pass = r.outcome === 'pass';
  const photos = [...(r.waterTest?.photoUrl ? [r.waterTest.photoUrl] : []), ...r.defects.flatMap((d) => (d.photoUrl ? [d.photoUrl] : []))];
  return (
    <View className={`acceptance-round acceptance-round--${r.outcome}`} data-round={r.round}>
      <View className="acceptance-round__head">
        <Text className="acceptance-round__title">第{r.round}次验收</Text>
        <Text className={`patrol-tag patrol-tag--${pass ? 'ok' : 'violation'}`}>{pass ? '通过' : '不通过'}</Text>
      </View>
      <Text className="muted">
        {r.byName} · {formatTime(r.at)} · 检查 {r.items.length} 项{bad.length ? `，不合格 ${bad.length} 项` : '，均合格'}
      </Text>
      {bad.map((i) => (
        <Text key={i.key} className="acceptance-round__line acceptance-round__line--bad">
          · {i.label}
          {i.note ? `：${i.note}` : ''}
        </Text>
      ))}
      {r.waterTest ? (
        <Text className={`acceptance-round__line ${r.waterTest.result === 'pass' ? '' : 'acceptance-round__line--bad'}`}>
          闭水试验：{chineseDate(r.waterTest.date)}，{r.waterTest.hours}小时，{WATER_TEST_RESULT_LABELS[r.waterTest.result]}
          {r.waterTest.note ? `（${r.waterTest.note}）` : ''}
        </Text>
      ) : null}
      {r.defects.length ? (
        <>
          <Text className="acceptance-round__label">{pass ? '遗留问题' : '待整改问题'}</Text>
          {r.defects.map((d, i) => (
            <Text key={i} className="acceptance-round__line acceptance-round__line--bad">
              {i + 1}. {d.description}
            </Text>
          ))}
        </>
      ) : null}
      {photos.length ? (
        <View className="patrol-photos">
          {photos.map((u) => (
            <Image key={u} className="patrol-photos__photo" src={photoSrc(u)} mode="aspectFill" onClick={() => previewPhotos(photos, u)} />
          ))}
        </View>
      ) : null}
      {r.deductions.length ? (
        <>
          <Text className="acceptance-round__label">押金扣款</Text>
          {r.deductions.map((d, i) => (
            <View key={i} className="acceptance-money__row">
              <Text>{d.reason}</Text>
              <Text className="danger">−{money(d.amountFen)}</Text>
            </View>
          ))}
        </>
      ) : null}
      {r.note ? <Text className="muted acceptance-round__line">备注：{r.note}</Text> : null}
    </View>
  );
}

/** The deposit and what becomes of it: 押金, each deduction with its reason, 退还, held and why. */
function DepositBreakdown({ view, viewer }: { view: RenovationCompletionView; viewer: 'owner' | 'staff' }) {
  const d = view.deposit;
  if (!d) return null;
  const last = view.rounds.at(-1);
  const deductions = last?.outcome === 'pass' ? last.deductions : [];
  const settled = d.state === 'held' || d.state === 'returned';
  const stateText: Record<typeof d.state, string> = {
    unpaid: viewer === 'owner' ? '尚未缴纳，请在“我的账单”中缴纳' : '业主尚未缴清',
    paid: '已缴纳，竣工验收合格后退还',
    held: d.heldReason ?? '验收已通过，待退还',
    returned: `已于 ${d.returnedAt ? formatTime(d.returnedAt) : ''} 退还${d.returnedBy ? `（${d.returnedBy}）` : ''}`,
  };
  return (
    <View className={`acceptance-money acceptance-money--${d.state}`}>
      <View className="acceptance-money__row acceptance-money__row--deposit">
        <Text>装修押金</Text>
        <Text>{money(d.amountFen)}</Text>
      </View>
      {settled ? (
        <>
          {deductions.length ? (
            deductions.map((x, i) => (
              <View key={i} className="acceptance-money__row acceptance-money__row--deduction">
                <Text className="acceptance-money__reason">扣款：{x.reason}</Text>
                <Text className="danger">−{money(x.amountFen)}</Text>
              </View>
            ))
          ) : d.deductedFen ? (
            <View className="acceptance-money__row acceptance-money__row--deduction">
              <Text>扣款</Text>
              <Text className="danger">−{money(d.deductedFen)}</Text>
            </View>
          ) : (
            <View className="acceptance-money__row">
              <Text className="muted">扣款</Text>
              <Text className="muted">无</Text>
            </View>
          )}
          <View className="acceptance-money__row acceptance-money__row--refund">
            <Text>{d.state === 'returned' ? '已退还' : '应退还'}</Text>
            <Text className="acceptance-money__refund">{money(d.refundFen)}</Text>
          </View>
        </>
      ) : null}
      <Text className={`acceptance-money__state ${d.state === 'held' && view.openViolations ? 'danger' : d.state === 'unpaid' ? 'warn' : 'muted'}`}>
        {stateText[d.state]}
      </Text>
      {d.pendingFen ? <Text className="muted acceptance-money__pending">其中 {money(d.pendingFen)} 正在原路退回微信支付（退款中），一般1–3个工作日到账</Text> : null}
      {d.state === 'returned' && viewer === 'owner' ? <Text className="muted">退款和扣款明细可在“我的账单”中查看</Text> : null}
    </View>
  );
}

type Marks = Partial<Record<AcceptanceItemKey, { ok: boolean; note: string }>>;
interface DefectDraft {
  description: string;
  photos: UploadedFile[];
}
interface DeductionDraft {
  reason: string;
  amount: string;
}

/** Staff's acceptance form (in `acceptance`): the checklist, the 闭水试验 where needed, defects, deductions, pass or fail. */
function AcceptanceForm({ renovation, view, onDone }: { renovation: RenovationView; view: RenovationCompletionView; onDone: () => void }) {
  const submit = useSubmit();
  const [marks, setMarks] = useState<Marks>({});
  const [outcome, setOutcome] = useState<'pass' | 'fail'>();
  const [waterDate, setWaterDate] = useState('');
  const [waterHours, setWaterHours] = useState(view.waterTestHours ? String(view.waterTestHours) : '');
  const [waterResult, setWaterResult] = useState<WaterTestResult>();
  const [waterPhotos, setWaterPhotos] = useState<UploadedFile[]>([]);
  const [defects, setDefects] = useState<DefectDraft[]>([]);
  const [deductions, setDeductions] = useState<DeductionDraft[]>([]);
  const [note, setNote] = useState('');
  const [requestId] = useState(() => newRequestId('acceptance'));
  const today = localDay(new Date());
  const needsWater = view.waterTestHours;
  const depositFen = view.deposit?.amountFen ?? 0;

  const mark = (key: AcceptanceItemKey, next: { ok: boolean; note?: string } | null) =>
    setMarks((m) => {
      if (next === null) {
        const { [key]: _gone, ...rest } = m;
        return rest;
      }
      return { ...m, [key]: { note: '', ...m[key], ...next } };
    });
  const restOk = () => setMarks((m) => ({ ...m, ...Object.fromEntries(ACCEPTANCE_ITEMS.filter((i) => !m[i.key]).map((i) => [i.key, { ok: true, note: '' }])) }));
  const unchecked = ACCEPTANCE_ITEMS.filter((i) => !marks[i.key]).length;
  const bad = ACCEPTANCE_ITEMS.filter((i) => marks[i.key] && !marks[i.key]!.ok);
  const amounts = deductions.map((d) => parseYuan(d.amount.trim()));
  const breakdown = depositBreakdown(
    depositFen,
    amounts.map((a) => ({ amountFen: a ?? 0 })),
  );

  /** Hides a field's error while the person fixes it. */
  const fixing = (field: string) => submit.edited<null>(field, () => undefined)(null);
  const setDefect = (i: number, patch: Partial<DefectDraft>) => setDefects((ds) => ds.map((d, j) => (j === i ? { ...d, ...patch } : d)));
  const setDeduction = (i: number, patch: Partial<DeductionDraft>) => setDeductions((ds) => ds.map((d, j) => (j === i ? { ...d, ...patch } : d)));

  const send = async () => {
    const problems: Record<string, string> = {};
    if (!outcome) problems.outcome = '请选择验收结论';
    for (const i of bad) if (!marks[i.key]!.note.trim()) problems[`item:${i.key}`] = '请说明不合格的具体问题';
    if (outcome === 'pass') {
      if (unchecked) problems.items = `还有${unchecked}个验收项目未检查`;
      if (bad.length) problems.outcome = '有不合格项目，不能验收通过';
      if (needsWater) {
        if (!waterDate) problems.waterDate = '请选择闭水试验日期';
        const h = Number(waterHours);
        if (!Number.isInteger(h) || h < needsWater) problems.waterHours = `闭水试验须不少于${needsWater}小时`;
        if (!waterResult) problems.waterResult = '请选择闭水试验结果';
        else if (waterResult === 'leak') problems.waterResult = '闭水试验有渗漏，不能验收通过，须整改后重做';
      }
      deductions.forEach((d, i) => {
        if (!d.reason.trim()) problems[`deduction:${i}`] = '请填写扣款原因';
        else if (!amounts[i] || amounts[i]! <= 0) problems[`deduction:${i}`] = '请填写正确的扣款金额，如 200 或 150.50';
      });
      if (breakdown.deductedFen > depositFen) problems.deductions = `扣款合计 ${money(breakdown.deductedFen)}，超过押金 ${money(depositFen)}`;
    }
    if (outcome === 'fail') {
      const filled = defects.filter((d) => d.description.trim());
      if (!filled.length) problems.defects = '验收不通过须写明待整改的问题';
    }
    if (Object.keys(problems).length) return submit.fail(problems);
    const pass = outcome === 'pass';
    const ask = pass
      ? depositFen
        ? `押金 ${money(depositFen)}，扣款 ${money(breakdown.deductedFen)}，应退 ${money(breakdown.refundFen)}。验收通过后由管理员退还押金。`
        : '确认验收通过吗？'
      : '验收不通过，装修回到施工中，业主整改后重新申请验收。';
    if (!(await confirm({ title: pass ? '验收通过' : '验收不通过', content: ask, confirmText: '提交', danger: !pass }))) return;
    // Recorded whenever filled in (a leak on a failed round is worth keeping); a pass needs it where the works do.
    const waterTest =
      needsWater && waterDate && waterResult && Number.isInteger(Number(waterHours)) && Number(waterHours) > 0
        ? { date: waterDate, hours: Number(waterHours), result: waterResult, ...(waterPhotos[0] ? { photoFileId: waterPhotos[0].id } : {}) }
        : undefined;
    const done = await submit.run(() =>
      call('renovation', 'recordAcceptance', {
        renovationId: renovation.id,
        requestId,
        outcome: outcome!,
        items: ACCEPTANCE_ITEMS.filter((i) => marks[i.key]).map((i) => ({ key: i.key, ok: marks[i.key]!.ok, ...(marks[i.key]!.note.trim() ? { note: marks[i.key]!.note.trim() } : {}) })),
        ...(waterTest ? { waterTest } : {}),
        defects: defects.filter((d) => d.description.trim()).map((d) => ({ description: d.description.trim(), ...(d.photos[0] ? { photoFileId: d.photos[0].id } : {}) })),
        deductions: pass ? deductions.map((d, i) => ({ reason: d.reason.trim(), amountFen: amounts[i]! })) : [],
        ...(note.trim() ? { note: note.trim() } : {}),
      }),
    );
    if (!done) return;
    toast(pass ? '已验收通过' : '已记录，业主整改后重新申请验收');
    onDone();
  };

  const err = submit.fieldErrors;
  return (
    <View className="acceptance-form">
      <View className="patrol-form__head">
        <Text className="card__subtitle">验收检查表</Text>
        <Text className="patrol-form__all acceptance-form__rest-ok" onClick={restOk}>
          其余全部合格
        </Text>
      </View>
      {ACCEPTANCE_ITEMS.map((i) => {
        const m = marks[i.key];
        return (
          <View key={i.key} className="patrol-item" data-key={i.key}>
            <View className="patrol-item__row">
              <Text className="patrol-item__name">{i.label}</Text>
              <View className="patrol-item__marks">
                <Text className={`patrol-item__mark patrol-item__mark--ok ${m?.ok ? 'patrol-item__mark--on' : ''}`} onClick={() => (m?.ok ? mark(i.key, null) : mark(i.key, { ok: true }))}>
                  合格
                </Text>
                <Text className={`patrol-item__mark patrol-item__mark--bad ${m && !m.ok ? 'patrol-item__mark--on' : ''}`} onClick={() => (m && !m.ok ? mark(i.key, null) : mark(i.key, { ok: false }))}>
                  不合格
                </Text>
              </View>
            </View>
            {m && !m.ok ? (
              <View className="patrol-item__note">
                <Textarea className="textarea" value={m.note} maxlength={200} placeholder="具体问题，如：卫生间地漏堵塞" onInput={(e) => mark(i.key, { ok: false, note: e.detail.value })} />
                {err[`item:${i.key}`] ? <Text className="field__error">{err[`item:${i.key}`]}</Text> : null}
              </View>
            ) : null}
          </View>
        );
      })}
      <Text className="muted patrol-form__summary">
        已检查 {ACCEPTANCE_ITEMS.length - unchecked} 项{unchecked ? `，未检查 ${unchecked} 项` : ''}，不合格 {bad.length} 项
      </Text>
      {err.items ? <Text className="field__error">{err.items}</Text> : null}

      {needsWater ? (
        <View className="acceptance-form__water">
          <Text className="card__subtitle">闭水试验</Text>
          <Text className="muted acceptance-form__water-hint">
            {needsWater >= 48 ? '本装修破坏过防水层，须重做防水并做不少于48小时的闭水试验' : '本装修含防水项目，须做不少于24小时的闭水试验'}，无渗漏方可验收通过。
          </Text>
          <Field label="试验日期" name="waterDate" required error={err.waterDate}>
            <Picker mode="date" value={waterDate || today} end={today} onChange={(e) => submit.edited('waterDate', setWaterDate)(String(e.detail.value))}>
              <View className={`input picker acceptance-form__water-date ${waterDate ? '' : 'muted'}`}>{waterDate || '选择日期'}</View>
            </Picker>
          </Field>
          <Field label="蓄水时长（小时）" name="waterHours" required error={err.waterHours}>
            <Input className="input acceptance-form__water-hours" type="number" value={waterHours} maxlength={3} placeholder={`不少于${needsWater}`} onInput={(e) => submit.edited('waterHours', setWaterHours)(e.detail.value)} />
          </Field>
          <Field label="试验结果" name="waterResult" required error={err.waterResult}>
            <Choices name="water-result" options={WATER_RESULTS} value={waterResult} onChange={submit.edited('waterResult', setWaterResult)} />
          </Field>
          <PhotoPicker name="water-test" max={1} value={waterPhotos} onChange={setWaterPhotos} label="试验照片" />
        </View>
      ) : null}

      <Text className="card__subtitle">问题记录</Text>
      {defects.map((d, i) => (
        <View key={i} className="acceptance-form__entry" data-defect={i}>
          <View className="acceptance-form__entry-head">
            <Text className="muted">问题 {i + 1}</Text>
            <Text className="link acceptance-form__remove" onClick={() => setDefects((ds) => ds.filter((_, j) => j !== i))}>
              删除
            </Text>
          </View>
          <Textarea className="textarea" value={d.description} maxlength={200} placeholder="如：公共走廊墙面破损未修复" onInput={(e) => { fixing('defects'); setDefect(i, { description: e.detail.value }); }} />
          <PhotoPicker name={`defect-${i}`} max={1} value={d.photos} onChange={(photos) => setDefect(i, { photos })} />
        </View>
      ))}
      {defects.length < ACCEPTANCE_DEFECTS_MAX ? (
        <Button className="btn btn--ghost acceptance-form__add-defect" onClick={() => setDefects((ds) => [...ds, { description: '', photos: [] }])}>
          + 添加问题
        </Button>
      ) : null}
      {err.defects ? <Text className="field__error">{err.defects}</Text> : null}

      <Text className="card__subtitle">押金扣款</Text>
      <Text className="muted acceptance-form__deduct-hint">{depositFen ? `押金 ${money(depositFen)}。损坏公共部位、遗留垃圾等按实际费用扣除，须写明原因；验收不通过时不扣款。` : '本装修未收取押金。'}</Text>
      {deductions.map((d, i) => (
        <View key={i} className="acceptance-form__entry" data-deduction={i}>
          <View className="acceptance-form__entry-head">
            <Text className="muted">扣款 {i + 1}</Text>
            <Text className="link acceptance-form__remove" onClick={() => setDeductions((ds) => ds.filter((_, j) => j !== i))}>
              删除
            </Text>
          </View>
          <Input className="input acceptance-form__reason" value={d.reason} maxlength={100} placeholder="扣款原因，如：电梯厅墙面修补" onInput={(e) => { fixing(`deduction:${i}`); setDeduction(i, { reason: e.detail.value }); }} />
          <Input className="input acceptance-form__amount" type={MONEY_INPUT_TYPE} value={d.amount} maxlength={10} placeholder="金额（元）" onInput={(e) => { fixing(`deduction:${i}`); setDeduction(i, { amount: e.detail.value }); }} />
          {err[`deduction:${i}`] ? <Text className="field__error">{err[`deduction:${i}`]}</Text> : null}
        </View>
      ))}
      {depositFen && deductions.length < ACCEPTANCE_DEDUCTIONS_MAX ? (
        <Button className="btn btn--ghost acceptance-form__add-deduction" onClick={() => setDeductions((ds) => [...ds, { reason: '', amount: '' }])}>
          + 添加扣款
        </Button>
      ) : null}
      {depositFen && deductions.length ? (
        <Text className={`acceptance-form__total ${breakdown.refundFen < 0 ? 'danger' : ''}`}>
          扣款合计 {money(breakdown.deductedFen)}，{breakdown.refundFen < 0 ? `超过押金 ${money(depositFen)}` : `应退押金 ${money(breakdown.refundFen)}`}
        </Text>
      ) : null}
      {err.deductions && breakdown.refundFen >= 0 ? <Text className="field__error">{err.deductions}</Text> : null}

      <Textarea className="textarea acceptance-form__note" value={note} maxlength={500} placeholder="备注（选填）" onInput={(e) => setNote(e.detail.value)} />
      <Text className="card__subtitle">验收结论</Text>
      <Choices name="acceptance-outcome" options={OUTCOMES} value={outcome} onChange={submit.edited('outcome', setOutcome)} />
      {err.outcome ? <Text className="field__error">{err.outcome}</Text> : null}
      <FormError error={submit.error} shownFields={Object.keys(err)} />
      <Button className={`btn ${outcome === 'fail' ? 'btn--danger' : 'btn--primary'} acceptance-form__send`} loading={submit.busy} disabled={submit.busy || undefined} onClick={send}>
        {outcome === 'fail' ? '提交：验收不通过' : outcome === 'pass' ? '提交：验收通过' : '提交验收结果'}
      </Button>
    </View>
  );
}

/** The owner's 申请验收: an optional note and the button. */
function ApplyAcceptance({ renovation, view, viewer, onDone }: { renovation: RenovationView; view: RenovationCompletionView; viewer: 'owner' | 'staff'; onDone: () => void }) {
  const submit = useSubmit();
  const [note, setNote] = useState('');
  const [requestId] = useState(() => newRequestId('apply-acceptance'));
  const failed = view.rounds.at(-1)?.outcome === 'fail';
  const apply = async () => {
    const hours = view.waterTestHours ? `本装修涉及防水，验收时须提供不少于${view.waterTestHours}小时的闭水试验记录。` : '';
    if (!(await confirm({ title: '申请竣工验收', content: `请确认已完工、装修垃圾已清运。${hours}物业将安排人员上门验收。`, confirmText: '申请验收' }))) return;
    const done = await submit.run(() => call('renovation', 'applyAcceptance', { renovationId: renovation.id, requestId, ...(note.trim() ? { note: note.trim() } : {}) }));
    if (!done) return;
    toast('已申请验收');
    onDone();
  };
  return (
    <View className="acceptance-apply">
      <Text className="muted">
        {viewer === 'staff'
          ? '业主到服务中心或电话告知已完工时，可代业主申请验收。'
          : failed
            ? '请按上次验收提出的问题整改完毕后，重新申请验收。'
            : '完工并清运装修垃圾后，申请竣工验收；验收合格、无未整改违规后退还装修押金。'}
      </Text>
      <Textarea className="textarea acceptance-apply__note" value={note} maxlength={200} placeholder="完工说明（选填），如：方便上门时间" onInput={(e) => setNote(e.detail.value)} />
      <FormError error={submit.error} />
      <Button className="btn btn--primary acceptance-apply__send" loading={submit.busy} disabled={submit.busy || undefined} onClick={apply}>
        申请验收
      </Button>
    </View>
  );
}

/** The manager's 退还押金: the breakdown asked for confirmation, then the refund (held while a violation is open). */
function RefundDeposit({ renovation, view, submit, onDone }: { renovation: RenovationView; view: RenovationCompletionView; submit: Submit; onDone: () => void }) {
  const d = view.deposit;
  const held = view.openViolations > 0;
  const [requestId] = useState(() => newRequestId('deposit'));
  const refund = async () => {
    const last = view.rounds.at(-1);
    const deductions = last?.outcome === 'pass' ? last.deductions : [];
    const lines = d
      ? [`押金 ${money(d.amountFen)}`, ...deductions.map((x) => `扣款：${x.reason} ${money(x.amountFen)}`), `退还 ${money(d.refundFen)}（原路退回业主的缴费方式）`]
      : ['本装修未收取押金，确认后结案。'];
    if (!(await confirm({ title: d ? '退还装修押金' : '结案', content: lines.join('\n'), confirmText: d ? '确认退还' : '结案' }))) return;
    const done = await submit.run(() => call('renovation', 'refundDeposit', { renovationId: renovation.id, requestId }));
    if (!done) return;
    toast(d ? '押金已退还，装修已结案' : '已结案');
    onDone();
  };
  return (
    <View className="acceptance-refund">
      {held ? <Text className="muted acceptance-refund__held">整改复查通过后方可退还押金。</Text> : null}
      <Button className="btn btn--primary acceptance-refund__send" loading={submit.busy} disabled={submit.busy || held || undefined} onClick={refund}>
        {d ? `退还押金 ${money(d.refundFen)}` : '结案'}
      </Button>
      <FormError error={submit.error} />
    </View>
  );
}

/**
 * The renovation detail pages' "completion, deposit & board" section (renovation.md "Completion, deposit
 * and the board"). Owner: 申请验收 while the works are in progress, each acceptance round's result, the
 * deposit (押金, 扣款 with reasons, 退还, held and why). Staff: the same, the acceptance form while
 * acceptance is requested, and for the manager 退还押金 once accepted (confirmed with the breakdown).
 */
export function RenovationAcceptance({ renovation, viewer, onChanged }: RenovationAcceptanceProps) {
  const session = useSession();
  const shown = SHOWN_IN.includes(renovation.status);
  const res = useCloud('renovation', 'completion', { renovationId: renovation.id }, { skip: !shown });
  // Back from another page (a patrol closing a violation releases the held deposit): shown afresh.
  useReloadOnReturn(() => shown && res.reload());
  const refunding = useSubmit();
  if (!shown) return null;
  const v = res.data;
  const isManager = viewer === 'staff' && !!session?.me.roles.includes('manager');
  const canApply = renovation.actions.includes('applyAcceptance');
  const canInspect = viewer === 'staff' && (renovation.actions.includes('accept') || renovation.actions.includes('failAcceptance'));
  const done = () => {
    res.reload();
    onChanged();
  };
  // The section is about the end of the works: while they are on site, the owner sees the button (and the deposit once paid).
  return (
    <View className="card renovation-acceptance">
      <Text className="card__title">竣工验收与押金</Text>
      <StateView loading={res.loading && !v} error={res.error} onRetry={res.reload}>
        {v ? (
          <>
            {renovation.status === 'acceptance' ? (
              <View className="patrol-banner acceptance-banner">
                <Text>
                  {v.appliedAt ? `${formatTime(v.appliedAt)} ` : ''}已申请验收
                  {v.appliedNote ? `：${v.appliedNote}` : ''}。{viewer === 'owner' ? '物业将安排人员上门验收，请保持联系电话畅通。' : '请安排人员上门验收，并在下方登记结果。'}
                </Text>
              </View>
            ) : null}
            {renovation.status === 'suspended' ? <Text className="muted">停工整改期间不能申请验收，复工后方可申请。</Text> : null}
            {v.waterTestHours && !canInspect && ['in_progress', 'acceptance'].includes(renovation.status) ? (
              <Text className="muted acceptance-water-need">本装修涉及防水，验收须有不少于{v.waterTestHours}小时、无渗漏的闭水试验记录。</Text>
            ) : null}

            {v.rounds.length ? (
              <>
                <Text className="card__subtitle">验收记录</Text>
                {[...v.rounds].reverse().map((r) => (
                  <RoundCard key={r.round} round={r} />
                ))}
              </>
            ) : null}

            {canApply ? <ApplyAcceptance renovation={renovation} view={v} viewer={viewer} onDone={done} /> : null}
            {canInspect ? <AcceptanceForm key={v.rounds.length} renovation={renovation} view={v} onDone={done} /> : null}

            {v.deposit ? (
              <>
                <Text className="card__subtitle">装修押金</Text>
                <DepositBreakdown view={v} viewer={viewer} />
              </>
            ) : null}
            {isManager && renovation.status === 'accepted' ? <RefundDeposit renovation={renovation} view={v} submit={refunding} onDone={done} /> : null}
            {viewer === 'staff' && !isManager && renovation.status === 'accepted' ? <Text className="muted">验收已通过，押金由管理员退还。</Text> : null}
          </>
        ) : null}
      </StateView>
    </View>
  );
}
