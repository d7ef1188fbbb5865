import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { MyMoveInView } from '@shared/contracts/movein-batches.contract';
import { chineseDate, weekdayLabel } from '@shared/domain/calendar';
import { yuan } from '@shared/domain/fees';
import { MOVEIN_STATUS_LABELS } from '@shared/domain/movein';
import { routes } from '@shared/routes';
import { useCloud } from '@/hooks/use-cloud';
import { useSession } from '@/hooks/use-session';
import { useSubmit } from '@/hooks/use-submit';
import { call } from '@/services/cloud';
import { openPage } from '@/services/navigation';
import { confirm, toast } from '@/services/ui';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { FormError } from '@/components/form-field';
import { TemplateSubscribe } from '@/components/template-subscribe';
import { useReloadOnReturn } from '@/components/reload-on-return';
import { newRequestId } from '@/components/repair-format';
import '@/components/movein-booking.scss';

const dayText = (day: string) => `${chineseDate(day).replace(/^\d+年/, '')} ${weekdayLabel(day)}`;

/** The batch's days from today and their slots with the free places; tapping a slot books it (or moves the booking there). */
function SlotPicker({ c, onBooked }: { c: MyMoveInView; onBooked: (v: MyMoveInView) => void }) {
  const firstFree = c.days.find((d) => d.slots.some((s) => s.free > 0))?.day ?? c.days[0]?.day;
  const [day, setDay] = useState(c.booking?.day ?? firstFree);
  const submit = useSubmit();
  const chosen = c.days.find((d) => d.day === day) ?? c.days[0];
  if (!chosen) return <Text className="muted movein-booking__none">本批次已没有可预约的日期，请联系物业服务中心。</Text>;

  const pick = async (slotId: string, label: string) => {
    const moving = Boolean(c.booking);
    const ok = await confirm({ title: moving ? '改约' : '预约办理入住', content: `${moving ? '改约到' : '预约'} ${dayText(chosen.day)} ${label}？`, confirmText: moving ? '确认改约' : '确认预约' });
    if (!ok) return;
    const next = await submit.run(() => call('movein', 'book', { moveInId: c.id, day: chosen.day, slotId, requestId: newRequestId('book') }));
    if (!next) return;
    toast(moving ? '已改约' : '预约成功');
    onBooked(next);
  };

  return (
    <View className="movein-booking__picker">
      <View className="movein-booking__days">
        {c.days.map((d) => {
          const free = d.slots.reduce((n, s) => n + s.free, 0);
          return (
            <View key={d.day} className={`movein-day ${d.day === chosen.day ? 'movein-day--active' : ''} ${free === 0 ? 'movein-day--full' : ''}`} data-day={d.day} onClick={() => setDay(d.day)}>
              <Text className="movein-day__date">{chineseDate(d.day).replace(/^\d+年/, '')}</Text>
              <Text className="movein-day__week">{weekdayLabel(d.day)}</Text>
              <Text className="movein-day__free">{free > 0 ? `余${free}` : '约满'}</Text>
            </View>
          );
        })}
      </View>
      <View className="movein-booking__slots">
        {chosen.slots.map((s) => {
          const mine = c.booking?.day === chosen.day && c.booking.slotId === s.id;
          const full = s.free === 0 && !mine;
          return (
            <View key={s.id} className={`movein-slot ${mine ? 'movein-slot--mine' : ''} ${full ? 'movein-slot--full' : ''}`} data-slot={s.id} onClick={() => (full || mine || submit.busy ? undefined : pick(s.id, s.label))}>
              <Text className="movein-slot__label">{s.label}</Text>
              <Text className="movein-slot__free">{mine ? '已预约' : full ? '已约满' : `剩余 ${s.free} 个名额`}</Text>
            </View>
          );
        })}
      </View>
      <FormError error={submit.error} />
    </View>
  );
}

function MoveInCard({ initial }: { initial: MyMoveInView }) {
  const [c, setC] = useState(initial);
  const [picking, setPicking] = useState(!initial.booking);
  const submit = useSubmit();
  // Handlers stay attached and check for themselves: the mini-program runtime cannot drop a Text's onClick.
  const cancel = async () => {
    if (!c.booking || submit.busy) return;
    if (!(await confirm({ title: '取消预约', content: `取消 ${dayText(c.booking.day)} ${c.booking.slotLabel} 的预约吗？名额将释放给其他业主。`, confirmText: '取消预约', danger: true }))) return;
    const next = await submit.run(() => call('movein', 'cancelBooking', { moveInId: c.id, requestId: newRequestId('unbook') }));
    if (!next) return;
    toast('已取消预约');
    setC(next);
    setPicking(true);
  };
  const booked = (v: MyMoveInView) => {
    setC(v);
    setPicking(false);
  };

  return (
    <View className={`card movein-card movein-card--${c.status}`} data-id={c.id}>
      <View className="movein-card__head">
        <Text className="movein-card__unit">{c.unitLabel}</Text>
        <Text className={`tag movein-card__status ${c.status === 'done' ? 'tag--occupied' : c.status === 'in_progress' ? 'tag--renting' : ''}`}>{MOVEIN_STATUS_LABELS[c.status]}</Text>
      </View>
      <Text className="muted">购房人：{c.buyerName}</Text>
      {c.status === 'done' ? <Text className="movein-card__done">{c.movedInOn ? `${chineseDate(c.movedInOn)} 已办结入住，欢迎回家！` : '已办结入住，欢迎回家！'}</Text> : null}

      {c.batch ? (
        <View className="movein-card__section movein-card__batch">
          <Text className="movein-card__title">{c.batch.name}</Text>
          <Text className="movein-card__line">
            办理时间：{chineseDate(c.batch.startDay)} 至 {chineseDate(c.batch.endDay)}
          </Text>
          <Text className="movein-card__line">办理地点：{c.batch.place || '物业服务中心'}</Text>
          {c.batch.note ? <Text className="movein-card__line muted">{c.batch.note}</Text> : null}
        </View>
      ) : null}

      {c.status === 'waiting' && c.batch ? (
        <View className="movein-card__section movein-booking">
          <Text className="movein-card__title">预约办理时间</Text>
          {c.booking ? (
            <View className="movein-booking__mine">
              <Text className="movein-booking__when">
                已预约：{dayText(c.booking.day)} {c.booking.slotLabel}
              </Text>
              {c.canBook ? (
                <View className="row-actions">
                  <Text className="link movein-booking__move" onClick={() => setPicking(!picking)}>
                    {picking ? '收起' : '改约'}
                  </Text>
                  <Text className="danger movein-booking__cancel" onClick={cancel}>
                    取消预约
                  </Text>
                </View>
              ) : null}
            </View>
          ) : (
            <Text className="muted">{c.canBook ? '请选择办理日期和时段，按预约时间前来可减少排队等候。' : '入住批次尚未开放预约或已结束，请联系物业服务中心。'}</Text>
          )}
          <FormError error={submit.error} />
          {c.canBook && picking ? <SlotPicker key={`${c.booking?.day ?? ''}-${c.booking?.slotId ?? ''}`} c={c} onBooked={booked} /> : null}
        </View>
      ) : null}

      {c.status !== 'done' && c.batch && (c.batch.documents.length > 0 || c.batch.fees.length > 0) ? (
        <View className="movein-card__section movein-card__bring">
          {c.batch.documents.length > 0 ? (
            <>
              <Text className="movein-card__title">请携带</Text>
              {c.batch.documents.map((d) => (
                <Text key={d} className="movein-card__doc">
                  · {d}
                </Text>
              ))}
            </>
          ) : null}
          {c.batch.fees.length > 0 ? (
            <>
              <Text className="movein-card__title">入住需缴费用</Text>
              {c.batch.fees.map((f) => (
                <Text key={f.name} className="movein-card__fee">
                  · {f.name} {yuan(f.amountFen)} 元
                </Text>
              ))}
              <Text className="link movein-card__pay" onClick={() => openPage(routes.owner.bills)}>
                提前在线缴费 ›
              </Text>
            </>
          ) : null}
        </View>
      ) : null}

      <View className="movein-card__section movein-steps">
        <View className="movein-card__head">
          <Text className="movein-card__title">入伙手续</Text>
          <Text className="muted movein-steps__count">
            必办 {c.requiredDone}/{c.stepsRequired} 项
          </Text>
        </View>
        {c.steps.map((s) => (
          <View key={s.key} className={`movein-step ${s.done ? 'movein-step--done' : ''}`} data-step={s.key}>
            <Text className="movein-step__mark">{s.done ? '✓' : '○'}</Text>
            <Text className="movein-step__label">
              {s.label}
              {s.required ? '' : '（选办）'}
            </Text>
          </View>
        ))}
        {c.status === 'waiting' ? <Text className="muted">办理当天由工作人员逐项办理，这里会实时显示进度。</Text> : null}
      </View>

      <View className="movein-card__links">
        <Text className="link movein-card__docs" onClick={() => openPage(routes.owner.moveinDocs)}>
          入住资料 ›
        </Text>
        <Text className="link movein-card__defects" onClick={() => openPage(routes.owner.moveinDefects)}>
          验房问题 ›
        </Text>
      </View>
    </View>
  );
}

/**
 * 我的入住 (owner/pages/movein/index): each of the owner's units with a move-in — its status, the
 * booking of a slot of the batch (book, move, cancel; the free places per slot), what to bring and
 * pay, and the 入伙手续书's steps as staff tick them on the day; links to the papers and the defects.
 */
export default function MoveInPage() {
  useSession({ required: true });
  const res = useCloud('movein', 'myMoveIn', {});
  useReloadOnReturn(res.reload);
  const cases = res.data ?? [];
  return (
    <View className="page movein-owner">
      <PageHeader title="我的入住" subtitle="预约办理时间，查看入住手续进度" />
      <StateView loading={res.loading && !res.data} error={res.error} onRetry={res.reload} empty={cases.length === 0} emptyText="您的房屋暂无入住办理安排">
        {cases.map((c) => (
          <MoveInCard key={`${c.id}-${c.status}-${c.booking?.day ?? ''}-${c.booking?.slotId ?? ''}`} initial={c} />
        ))}
        {cases.some((c) => c.status === 'waiting') ? <TemplateSubscribe keys={['movein.reminder']} name="movein-subscribe" description="预约日期前一天通过微信提醒您按时办理。" /> : null}
      </StateView>
    </View>
  );
}
