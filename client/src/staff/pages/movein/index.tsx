import { useState, type ReactElement } from 'react';
import { useRouter } from '@tarojs/taro';
import { Button, Image, Input, Text, View } from '@tarojs/components';
import type { MoveInCaseView, MoveInStepView } from '@shared/contracts/movein.contract';
import { formatTime, localDay } from '@shared/domain/calendar';
import { parseYuan, yuan } from '@shared/domain/fees';
import {
  AGREEMENT_TITLES,
  CARD_KIND_LABELS,
  CARD_KINDS,
  KEY_NAMES,
  MOVEIN_EVENT_LABELS,
  MOVEIN_KIND_LABELS,
  MOVEIN_OCCUPANCIES,
  MOVEIN_STEP_LABELS,
  stepNames,
  type CardKind,
  type MoveInStep,
} from '@shared/domain/movein';
import { UNIT_STATUS_LABELS, type UnitStatus } from '@shared/domain/units';
import { routes } from '@shared/routes';
import { call } from '@/services/cloud';
import { saveFile } from '@/services/files';
import { openPage } from '@/services/navigation';
import { photoSrc, previewPhotos } from '@/services/photos';
import { toast } from '@/services/ui';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { useSubmit, type Submit } from '@/hooks/use-submit';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { InfoRow } from '@/components/info-row';
import { Choices } from '@/components/choices';
import { Field, FormError } from '@/components/form-field';
import { MoveInStatusTag } from '@/components/movein-row';
import { SignaturePad } from '@/components/signature-pad';
import { newRequestId } from '@/components/repair-format';
import { useReloadOnReturn } from '@/components/reload-on-return';
import '@/components/movein.scss';

type Set = (next: MoveInCaseView) => void;
const OCCUPANCIES = MOVEIN_OCCUPANCIES.map((o) => ({ value: o, label: UNIT_STATUS_LABELS[o] }));
const METHODS = [
  { value: 'cash' as const, label: '现金' },
  { value: 'pos' as const, label: '刷卡' },
  { value: 'transfer' as const, label: '转账' },
];
const CARD_CHOICES = CARD_KINDS.map((k) => ({ value: k, label: CARD_KIND_LABELS[k] }));

/**
 * 入伙手续书 (agents, managers; staff/pages/movein/index?id=…): one unit's move-in, step by step —
 * 核验身份, 收取资料, 缴纳费用 (paid at the desk into the ledger), the agreements and the keys signed
 * by the owner on the phone, 验房 (its own page), 业主卡/门禁卡 —, then 办结入住 with the unit's status,
 * and the PDF to print. Steps can be undone until the move-in is done.
 */
export default function MoveInChecklistPage() {
  const { params } = useRouter();
  const id = params.id ?? '';
  useSession({ required: true });
  const state = useCloud('movein', 'caseDetail', { moveInId: id }, { skip: !id });
  useReloadOnReturn(state.reload);
  const c = state.data;
  const [open, setOpen] = useState<MoveInStep | null>(null);
  const starting = useSubmit();
  const printing = useSubmit();
  const set: Set = (next) => {
    state.set(next);
    setOpen(null);
  };
  const start = async () => {
    const next = await starting.run(() => call('movein', 'startCase', { moveInId: id }));
    if (next) (set(next), toast('已开始办理'));
  };
  const print = async () => {
    const file = await printing.run(() => call('movein', 'casePdf', { moveInId: id }));
    if (file) await printing.run(() => saveFile({ fileName: file.fileName, contentBase64: file.contentBase64 }));
  };

  return (
    <View className="page movein-page">
      <PageHeader title={c ? c.unitLabel : '入伙手续书'} subtitle={c ? `${MOVEIN_KIND_LABELS[c.kind]}${c.batchName ? ` · ${c.batchName}` : ''}` : undefined} />
      {!id ? <Text className="muted">缺少入住办理编号，请从入住办理列表进入。</Text> : null}
      <StateView loading={state.loading && !c} error={state.error} onRetry={state.reload}>
        {c ? (
          <>
            <View className="card movein-page__buyer">
              <View className="movein-row__main">
                <Text className="card__title">业主（购房人）</Text>
                <MoveInStatusTag status={c.status} />
              </View>
              <InfoRow label="姓名">
                <Text className="movein-page__buyer-name">{c.buyer.name}</Text>
              </InfoRow>
              <InfoRow label="手机号">
                <Text>{c.buyer.phone || '未登记'}</Text>
              </InfoRow>
              <InfoRow label="身份证号">
                <Text className="movein-page__buyer-id">{c.buyer.idNumber || '未登记'}</Text>
              </InfoRow>
              {c.booking ? (
                <InfoRow label="预约">
                  <Text>
                    {c.booking.day} {c.booking.slotLabel}
                  </Text>
                </InfoRow>
              ) : null}
              <InfoRow label="小程序">
                <Text className="muted">{c.buyer.bound ? '已绑定，办结后业主收到入住通知' : '未绑定（办结后可到前台绑定）'}</Text>
              </InfoRow>
              {c.status === 'waiting' ? (
                <>
                  <FormError error={starting.error} />
                  <Button className="btn btn--primary movein-page__start" loading={starting.busy} disabled={starting.busy || undefined} onClick={start}>
                    开始办理
                  </Button>
                </>
              ) : null}
            </View>

            <View className="card movein-page__steps">
              <Text className="card__title">办理步骤</Text>
              {c.steps.map((s, i) => (
                <StepRow key={s.key} index={i + 1} step={s} c={c} open={open === s.key} onOpen={() => setOpen(open === s.key ? null : s.key)} onDone={set} />
              ))}
            </View>

            {c.status === 'in_progress' ? <CompleteCard c={c} onDone={set} /> : null}
            {c.status === 'waiting' || c.status === 'in_progress' ? <CancelCard c={c} onDone={set} /> : null}
            {c.status === 'done' ? (
              <View className="card movein-page__done">
                <Text className="card__title">已入住</Text>
                <InfoRow label="入住日期">
                  <Text>{c.movedInOn}</Text>
                </InfoRow>
                <InfoRow label="房屋状态">
                  <Text className="movein-page__occupancy">{c.occupancy ? UNIT_STATUS_LABELS[c.occupancy] : ''}</Text>
                </InfoRow>
                <Text className="muted">业主已登记为该房屋业主，各业务模块即时可见。</Text>
              </View>
            ) : null}

            {c.signatures.length ? (
              <View className="card movein-page__signatures">
                <Text className="card__title">业主签字</Text>
                {c.signatures.map((s) => (
                  <View key={`${s.step}-${s.at}`} className="movein-signature">
                    <Text className="muted">
                      {s.step === 'keys' ? '钥匙签收' : `《${AGREEMENT_TITLES.join('》《')}》`} · {s.signer} · {formatTime(s.at)}
                    </Text>
                    {s.url ? <Image className="movein-signature__image" src={photoSrc(s.url)} mode="aspectFit" onClick={() => previewPhotos([s.url], s.url)} /> : null}
                  </View>
                ))}
              </View>
            ) : null}

            {c.status !== 'waiting' ? (
              <View className="card movein-page__print">
                <Text className="card__title">入伙手续书</Text>
                <Text className="muted">含办理步骤、经办人和时间、钥匙、卡证及业主签字，可打印或转发。</Text>
                <FormError error={printing.error} />
                <Button className="btn btn--ghost movein-page__pdf" loading={printing.busy} disabled={printing.busy || undefined} onClick={print}>
                  生成 PDF
                </Button>
              </View>
            ) : null}

            <View className="card movein-page__history">
              <Text className="card__title">办理记录</Text>
              {[...c.history].reverse().map((h, i) => (
                <View key={i} className="movein-page__history-item">
                  <Text className="muted">
                    {formatTime(h.at)} · {h.byName} · {MOVEIN_EVENT_LABELS[h.event as keyof typeof MOVEIN_EVENT_LABELS] ?? h.event}
                  </Text>
                  {h.note ? <Text className="movein-page__history-note"> {h.note}</Text> : null}
                </View>
              ))}
            </View>
          </>
        ) : null}
      </StateView>
    </View>
  );
}

/** One step: done (who, when, note; 撤销) or, while the case is in progress, its form. */
function StepRow({ index, step, c, open, onOpen, onDone }: { index: number; step: MoveInStepView; c: MoveInCaseView; open: boolean; onOpen: () => void; onDone: Set }) {
  const undo = useSubmit();
  const active = c.status === 'in_progress';
  const undoIt = async () => {
    const next = await undo.run(() => call('movein', 'undoStep', { moveInId: c.id, step: step.key }));
    if (next) (onDone(next), toast('已撤销'));
  };
  return (
    <View className={`movein-step movein-step--${step.key} ${step.done ? 'movein-step--done' : ''}`}>
      <View className="movein-step__head">
        <Text className="movein-step__mark">{step.done ? '✓' : index}</Text>
        <Text className="movein-step__title">{MOVEIN_STEP_LABELS[step.key]}</Text>
        <Text className={`movein-step__kind ${step.required ? 'movein-step__kind--required' : ''}`}>{step.required ? '必办' : '选办'}</Text>
      </View>
      {step.done ? (
        <Text className="movein-step__done">
          {step.byName} · {step.doneAt ? formatTime(step.doneAt) : ''}
          {step.note ? ` · ${step.note}` : ''}
        </Text>
      ) : null}
      {active ? (
        <View className="movein-step__body">
          {step.key === 'fees' ? <Bills c={c} /> : null}
          {step.key === 'documents' && c.documents.length ? <Text className="muted">需收取：{c.documents.join('、')}</Text> : null}
          {!step.done && !open ? (
            <View className="movein-step__actions">
              {step.key === 'inspection' ? (
                <Button className="btn btn--primary movein-step__inspect" size="mini" onClick={() => openPage(routes.staff.moveinInspection, { id: c.id })}>
                  去验房
                </Button>
              ) : null}
              <Button className={`btn ${step.key === 'inspection' ? 'btn--ghost' : 'btn--primary'} movein-step__open`} size="mini" onClick={onOpen}>
                {step.key === 'inspection' ? '直接确认' : '办理'}
              </Button>
            </View>
          ) : null}
          {!step.done && open ? <StepForm step={step.key} c={c} onDone={onDone} onCancel={onOpen} /> : null}
          {step.done ? (
            <View className="movein-step__actions">
              <Text className="link movein-step__undo" onClick={undoIt}>
                撤销
              </Text>
            </View>
          ) : null}
          <FormError error={undo.error} />
        </View>
      ) : null}
    </View>
  );
}

function Bills({ c }: { c: MoveInCaseView }) {
  if (!c.fees.bills.length) return <Text className="muted">没有需在入住时缴纳的费用</Text>;
  return (
    <View className="movein-bills">
      {c.fees.bills.map((b) => (
        <View key={b.id} className={`movein-bill movein-bill--${b.status}`}>
          <Text>
            {b.itemName} · {b.periodLabel}
          </Text>
          <Text>{b.status === 'paid' ? `¥${yuan(b.amountFen)} 已缴` : `待缴 ¥${yuan(b.dueFen)}`}</Text>
        </View>
      ))}
    </View>
  );
}

function StepForm({ step, c, onDone, onCancel }: { step: MoveInStep; c: MoveInCaseView; onDone: Set; onCancel: () => void }) {
  const submit = useSubmit();
  const done = (text: string) => (next: MoveInCaseView | undefined) => {
    if (next) (onDone(next), toast(text));
  };
  const cancel = (
    <Text className="link movein-step__cancel" onClick={onCancel}>
      收起
    </Text>
  );
  switch (step) {
    case 'identity':
      return <IdentityForm c={c} submit={submit} done={done('身份核验一致')} cancel={cancel} />;
    case 'fees':
      return c.fees.dueFen > 0 ? <PayForm c={c} submit={submit} done={done('已收款')} cancel={cancel} /> : <NoteForm c={c} step={step} submit={submit} done={done('已确认')} cancel={cancel} placeholder="如：已在收费处缴清" />;
    case 'agreements':
      return <SignForm c={c} submit={submit} done={done('已签署')} cancel={cancel} />;
    case 'keys':
      return <KeysForm c={c} submit={submit} done={done('钥匙已交接')} cancel={cancel} />;
    case 'cards':
      return <CardsForm c={c} submit={submit} done={done('已登记卡号')} cancel={cancel} />;
    default:
      return <NoteForm c={c} step={step} submit={submit} done={done('已完成')} cancel={cancel} placeholder={step === 'documents' ? '收取的资料，如 购房合同复印件、身份证复印件' : '如：业主自行验房，无问题'} />;
  }
}

interface FormProps {
  c: MoveInCaseView;
  submit: Submit;
  done: (next: MoveInCaseView | undefined) => void;
  cancel: ReactElement;
}

function Submitting({ submit, label, onClick, cancel, name }: { submit: Submit; label: string; onClick: () => void; cancel: ReactElement; name: string }) {
  return (
    <>
      <FormError error={submit.error} shownFields={Object.keys(submit.fieldErrors)} />
      <View className="movein-step__actions">
        <Button className={`btn btn--primary movein-step__submit movein-step__submit--${name}`} size="mini" loading={submit.busy} disabled={submit.busy || undefined} onClick={onClick}>
          {label}
        </Button>
        {cancel}
      </View>
    </>
  );
}

function IdentityForm({ c, submit, done, cancel }: FormProps) {
  const [idNumber, setIdNumber] = useState('');
  return (
    <View className="movein-form movein-form--identity">
      <Field label="业主出示的身份证号" name="id-number" error={submit.fieldErrors.idNumber} hint={c.buyer.idNumber ? `登记号码：${c.buyer.idNumber}` : '未登记身份证号，核验后记录'}>
        <Input className="input movein-form__id" type="idcard" maxlength={18} value={idNumber} placeholder="逐位录入证件号码" onInput={(e) => setIdNumber(e.detail.value)} />
      </Field>
      <Submitting name="identity" submit={submit} label="核对" cancel={cancel} onClick={async () => done(await submit.run(() => call('movein', 'checkIdentity', { moveInId: c.id, idNumber: idNumber.trim() })))} />
    </View>
  );
}

function NoteForm({ c, step, submit, done, cancel, placeholder }: FormProps & { step: MoveInStep; placeholder: string }) {
  const [note, setNote] = useState('');
  return (
    <View className={`movein-form movein-form--${step}`}>
      <Input className="input movein-form__note" maxlength={200} value={note} placeholder={placeholder} onInput={(e) => setNote(e.detail.value)} />
      <Submitting
        name={step}
        submit={submit}
        label="确认完成"
        cancel={cancel}
        onClick={async () => done(await submit.run(() => call('movein', 'tickStep', { moveInId: c.id, step: step as 'documents' | 'fees' | 'inspection', ...(note.trim() ? { note: note.trim() } : {}) })))}
      />
    </View>
  );
}

function PayForm({ c, submit, done, cancel }: FormProps) {
  const [amount, setAmount] = useState(yuan(c.fees.dueFen));
  const [method, setMethod] = useState<'cash' | 'pos' | 'transfer'>('pos');
  const [receiptNo, setReceiptNo] = useState('');
  const [requestId] = useState(() => newRequestId('movein-pay'));
  const pay = async () => {
    const fen = parseYuan(amount);
    if (fen === null || fen <= 0) return submit.fail({ amountFen: '请填写正确的金额' });
    if (!/^[\w-]{3,32}$/.test(receiptNo.trim())) return submit.fail({ receiptNo: '收据号为3到32位字母、数字或-' });
    done(await submit.run(() => call('movein', 'payFees', { moveInId: c.id, amountFen: fen, method, receiptNo: receiptNo.trim(), requestId })));
  };
  return (
    <View className="movein-form movein-form--pay">
      <Field label="收款金额（元）" name="amount" error={submit.fieldErrors.amountFen}>
        <Input className="input movein-form__amount" type="digit" value={amount} onInput={(e) => setAmount(e.detail.value)} />
      </Field>
      <Field label="收款方式" name="method">
        <Choices name="movein-pay-method" options={METHODS} value={method} onChange={setMethod} />
      </Field>
      <Field label="收据号" name="receipt-no" error={submit.fieldErrors.receiptNo}>
        <Input className="input movein-form__receipt" maxlength={32} value={receiptNo} placeholder="纸质收据编号" onInput={(e) => setReceiptNo(e.detail.value)} />
      </Field>
      <Submitting name="pay" submit={submit} label="登记收款" cancel={cancel} onClick={pay} />
    </View>
  );
}

function SignForm({ c, submit, done, cancel }: FormProps) {
  const [signer, setSigner] = useState(c.buyer.name);
  const sign = async (fileId: string) => done(await submit.run(() => call('movein', 'signAgreements', { moveInId: c.id, signer: signer.trim(), fileId })));
  return (
    <View className="movein-form movein-form--agreements">
      <Text className="muted">请业主阅读《{AGREEMENT_TITLES.join('》《')}》后签字确认。</Text>
      <Field label="签字人" name="signer" error={submit.fieldErrors.signer}>
        <Input className="input movein-form__signer" maxlength={20} value={signer} onInput={(e) => setSigner(e.detail.value)} />
      </Field>
      <SignaturePad name="agreements" prompt="业主签名（签署即表示已阅读并同意上述文件）" disabled={submit.busy} onUploaded={(f) => sign(f.id)} />
      <FormError error={submit.error} />
      {cancel}
    </View>
  );
}

function KeysForm({ c, submit, done, cancel }: FormProps) {
  const [keys, setKeys] = useState<{ name: string; count: string }[]>([
    { name: KEY_NAMES[0], count: '3' },
    { name: KEY_NAMES[2], count: '2' },
  ]);
  const [signer, setSigner] = useState(c.buyer.name);
  const change = (i: number, patch: Partial<{ name: string; count: string }>) => setKeys(keys.map((k, j) => (j === i ? { ...k, ...patch } : k)));
  const unused = KEY_NAMES.find((n) => !keys.some((k) => k.name === n));
  const hand = async (fileId: string) => {
    const list = keys.filter((k) => k.name.trim()).map((k) => ({ name: k.name.trim(), count: Number(k.count) }));
    if (!list.length || list.some((k) => !Number.isInteger(k.count) || k.count < 1)) return submit.fail({ keys: '请填写钥匙名称和数量（至少1把）' });
    done(await submit.run(() => call('movein', 'handOverKeys', { moveInId: c.id, keys: list, signer: signer.trim(), fileId })));
  };
  return (
    <View className="movein-form movein-form--keys">
      {keys.map((k, i) => (
        <View key={i} className="movein-key">
          <Input className="input movein-key__name" maxlength={20} value={k.name} placeholder="钥匙名称" onInput={(e) => change(i, { name: e.detail.value })} />
          <Input className="input movein-key__count" type="number" maxlength={2} value={k.count} onInput={(e) => change(i, { count: e.detail.value })} />
          <Text className="link movein-key__remove" onClick={() => setKeys(keys.filter((_, j) => j !== i))}>
            删除
          </Text>
        </View>
      ))}
      <Text className="link movein-form__add-key" onClick={() => setKeys([...keys, { name: unused ?? '', count: '1' }])}>
        + 添加钥匙
      </Text>
      {submit.fieldErrors.keys ? <Text className="field__error">{submit.fieldErrors.keys}</Text> : null}
      <Field label="签收人" name="signer" error={submit.fieldErrors.signer}>
        <Input className="input movein-form__signer" maxlength={20} value={signer} onInput={(e) => setSigner(e.detail.value)} />
      </Field>
      <SignaturePad name="keys" prompt="业主签名确认收到以上钥匙" disabled={submit.busy} onUploaded={(f) => hand(f.id)} />
      <FormError error={submit.error} shownFields={['keys']} />
      {cancel}
    </View>
  );
}

function CardsForm({ c, submit, done, cancel }: FormProps) {
  const [cards, setCards] = useState<{ kind: CardKind; number: string }[]>(c.cards.length ? c.cards : [{ kind: 'owner', number: '' }, { kind: 'access', number: '' }]);
  const issue = async () => {
    const list = cards.filter((x) => x.number.trim()).map((x) => ({ kind: x.kind, number: x.number.trim() }));
    if (!list.length) return submit.fail({ cards: '请至少填写一张卡的卡号' });
    done(await submit.run(() => call('movein', 'issueCards', { moveInId: c.id, cards: list })));
  };
  return (
    <View className="movein-form movein-form--cards">
      {cards.map((x, i) => (
        <View key={i} className="movein-key">
          <Choices name={`movein-card-${i}`} options={CARD_CHOICES} value={x.kind} onChange={(kind) => setCards(cards.map((y, j) => (j === i ? { ...y, kind } : y)))} />
          <Input className="input movein-key__name movein-form__card-number" maxlength={32} value={x.number} placeholder="卡号" onInput={(e) => setCards(cards.map((y, j) => (j === i ? { ...y, number: e.detail.value } : y)))} />
        </View>
      ))}
      <Text className="link movein-form__add-card" onClick={() => setCards([...cards, { kind: 'access', number: '' }])}>
        + 添加门禁卡
      </Text>
      {submit.fieldErrors.cards ? <Text className="field__error">{submit.fieldErrors.cards}</Text> : null}
      <Submitting name="cards" submit={submit} label="登记卡号" cancel={cancel} onClick={issue} />
    </View>
  );
}

/** 办结入住: the unit's status chosen; refused (409) while required steps are missing. */
function CompleteCard({ c, onDone }: { c: MoveInCaseView; onDone: Set }) {
  const submit = useSubmit();
  const [occupancy, setOccupancy] = useState<UnitStatus>('occupied');
  const [requestId] = useState(() => newRequestId('movein-done'));
  const complete = async () => {
    const next = await submit.run(() => call('movein', 'completeCase', { moveInId: c.id, occupancy, movedInOn: localDay(new Date()), requestId }));
    if (next) (onDone(next), toast('已办结入住'));
  };
  return (
    <View className="card movein-page__complete">
      <Text className="card__title">办结入住</Text>
      {c.missing.length ? <Text className="movein-missing">还需完成：{stepNames(c.missing)}</Text> : <Text className="muted">必办步骤已全部完成。</Text>}
      <Field label="房屋状态" name="occupancy">
        <Choices name="movein-occupancy" options={OCCUPANCIES} value={occupancy} onChange={setOccupancy} />
      </Field>
      <FormError error={submit.error} />
      <Button className="btn btn--primary movein-page__complete-button" loading={submit.busy} disabled={submit.busy || c.missing.length > 0 || undefined} onClick={complete}>
        办结入住
      </Button>
    </View>
  );
}

/** 取消办理, behind a second tap: the reason is required; the unit is free again and a booked place is given back. */
function CancelCard({ c, onDone }: { c: MoveInCaseView; onDone: Set }) {
  const submit = useSubmit();
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const cancelCase = async () => {
    const next = await submit.run(() => call('movein', 'cancelCase', { moveInId: c.id, reason: reason.trim() }));
    if (next) (onDone(next), toast('已取消办理'));
  };
  if (!asking) {
    return (
      <View className="movein-page__cancel">
        <Button className="btn btn--ghost movein-page__cancel-open" size="mini" onClick={() => setAsking(true)}>
          取消办理
        </Button>
      </View>
    );
  }
  return (
    <View className="card movein-page__cancel">
      <Text className="card__title">取消办理</Text>
      <Text className="muted">如购房交易取消或建档有误。取消后该房屋可重新办理，已预约的时段会释放。</Text>
      <Field label="取消原因" name="reason" error={submit.fieldErrors.reason}>
        <Input className="input movein-page__cancel-reason" maxlength={200} value={reason} placeholder="请填写取消原因" onInput={(e) => setReason(e.detail.value)} />
      </Field>
      <FormError error={submit.error} />
      <View className="movein-step__actions">
        <Button className="btn btn--ghost" size="mini" onClick={() => setAsking(false)}>
          返回
        </Button>
        <Button className="btn btn--danger movein-page__cancel-confirm" size="mini" loading={submit.busy} disabled={submit.busy || !reason.trim() || undefined} onClick={cancelCase}>
          确认取消
        </Button>
      </View>
    </View>
  );
}
