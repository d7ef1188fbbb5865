import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { RepairSummary } from '@shared/contracts/repairs.contract';
import { REPAIR_STATUS_LABELS } from '@shared/domain/repairs';
import { FOLLOW_UP_OUTCOME_LABELS, FOLLOW_UP_OUTCOMES } from '@shared/domain/followups';
import { routes } from '@shared/routes';
import { addDays, hoursMinutesText, localDay } from '@shared/domain/calendar';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { openPage } from '@/services/navigation';
import { Stat } from '@/components/stat';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { RepairRow } from '@/components/repair-row';
import { boardStatuses, formatRate } from '@/components/repair-format';
import { useReloadOnReturn } from '@/components/reload-on-return';

const RATING_KEYS = ['5', '4', '3', '2', '1'] as const;

function OrderList({ name, title, orders, total, emptyText, now }: { name: string; title: string; orders: RepairSummary[]; total: number; emptyText: string; now: number }) {
  return (
    <View className={`card repair-board__list repair-board__${name}`}>
      <Text className="card__title">
        {title}（<Text className={`repair-board__${name}-total`}>{total}</Text>）
      </Text>
      {orders.length === 0 ? <Text className="muted">{emptyText}</Text> : null}
      {orders.length < total ? <Text className="muted repair-board__more">显示最早的 {orders.length} 单，其余请在“全部工单”中查看</Text> : null}
      {orders.map((o) => (
        <RepairRow key={o.id} order={o} now={now} showAssignee className={`repair-board__order repair-board__${name}-order`} onClick={() => openPage(routes.staff.repair, { id: o.id })} />
      ))}
    </View>
  );
}

/** 报修看板 (manager): orders by status, what needs attention, the technicians' load, the week's figures. */
export default function RepairBoardPage() {
  useSession({ required: true });
  const board = useCloud('repairs', 'board');
  const [weekOf, setWeekOf] = useState(() => localDay(Date.now()));
  const stats = useCloud('repairs', 'stats', { weekOf });
  const followups = useCloud('followups', 'stats', { days: 30 });
  useReloadOnReturn(board.reload);

  const now = Date.now();
  const b = board.data;
  const s = stats.data;
  const f = followups.data;
  const ratingTotal = s ? RATING_KEYS.reduce((sum, k) => sum + s.ratings[k], 0) : 0;
  const ratingMax = s ? Math.max(1, ...RATING_KEYS.map((k) => s.ratings[k]), s.unrated) : 1;
  const isThisWeek = s ? localDay(Date.now()) <= s.weekEnd : true;

  return (
    <View className="page repair-board">
      <PageHeader title="报修看板" subtitle="工单进度、超时与本周服务指标" />
      <View className="entries">
        <View className="card card--link entry repair-board__to-list" onClick={() => openPage(routes.staff.repairs)}>
          <Text className="card__title">全部工单</Text>
          <Text className="muted">筛选、查看、派单</Text>
        </View>
        <View className="card card--link entry repair-board__to-settings" onClick={() => openPage(routes.manager.repairSettings)}>
          <Text className="card__title">报修设置</Text>
          <Text className="muted">类别、派单方式、时限</Text>
        </View>
      </View>

      <StateView loading={board.loading && !b} error={board.error} onRetry={board.reload}>
        {b ? (
          <>
            <View className="card repair-board__status">
              <View className="unit-row__main">
                <Text className="card__title">
                  进行中 <Text className="repair-board__open">{b.open}</Text> 单
                </Text>
                <Text className="link repair-board__reload" onClick={board.reload}>
                  刷新
                </Text>
              </View>
              <View className="repair-board__counts">
                {boardStatuses(b).map((st) => (
                  <View key={st} className={`stat repair-board__count repair-board__count--${st}`}>
                    <Text className="stat__value">{b.byStatus[st]}</Text>
                    <Text className="stat__label">{REPAIR_STATUS_LABELS[st]}</Text>
                  </View>
                ))}
                {b.open === 0 ? <Text className="muted">暂无进行中的工单</Text> : null}
              </View>
            </View>
            <OrderList name="overdue" title="已超时" orders={b.overdue} total={b.totals.overdue} emptyText="没有超时的工单" now={now} />
            <OrderList name="unassigned" title="待派单" orders={b.unassigned} total={b.totals.unassigned} emptyText="没有待派单的工单" now={now} />
            <OrderList name="flagged" title="需关注" orders={b.flagged} total={b.totals.flagged} emptyText="没有需要关注的工单" now={now} />
            <View className="card repair-board__techs">
              <Text className="card__title">维修师傅</Text>
              <View className="table">
                <View className="table__row table__row--head">
                  <Text className="table__cell table__cell--wide">姓名</Text>
                  <Text className="table__cell">状态</Text>
                  <Text className="table__cell">进行中</Text>
                  <Text className="table__cell">超时</Text>
                </View>
                {b.byTechnician.map((t) => (
                  <View key={t.id} className="table__row repair-board__tech">
                    <Text className="table__cell table__cell--wide">{t.name}</Text>
                    <Text className={`table__cell ${t.onDuty ? 'repair-board__on-duty' : 'muted'}`}>{t.onDuty ? '值班中' : '休息'}</Text>
                    <Text className="table__cell">{t.open}</Text>
                    <Text className={`table__cell ${t.overdue ? 'danger' : ''}`}>{t.overdue}</Text>
                  </View>
                ))}
              </View>
              {b.byTechnician.length === 0 ? <Text className="muted">暂无维修师傅</Text> : null}
            </View>
          </>
        ) : null}
      </StateView>

      <View className="card repair-stats">
        <View className="repair-stats__nav">
          <Text className="link repair-stats__prev" onClick={() => setWeekOf((w) => addDays(s?.weekStart ?? w, -7))}>
            ‹ 上一周
          </Text>
          <Text className="repair-stats__week">{s ? `${s.weekStart} 至 ${s.weekEnd}` : '本周'}</Text>
          {isThisWeek ? (
            <Text className="muted repair-stats__next">下一周 ›</Text>
          ) : (
            <Text className="link repair-stats__next" onClick={() => setWeekOf((w) => addDays(s?.weekStart ?? w, 7))}>
              下一周 ›
            </Text>
          )}
        </View>
        <StateView loading={stats.loading} error={stats.error} onRetry={stats.reload}>
          {s ? (
            <>
              <View className="stats">
                <Stat className="repair-stats__created" value={s.created} label="新报修" />
                <Stat className="repair-stats__completed" value={s.completed} label="已完工" />
                <Stat className="repair-stats__breach" value={formatRate(s.breachRate)} label="超时率" />
                <Stat className="repair-stats__reopen" value={formatRate(s.reopenRate)} label="返修率" />
              </View>
              <Text className="repair-stats__subtitle">处理时长（中位数）</Text>
              <View className="info-row">
                <Text className="muted">派单到接单</Text>
                <Text className="repair-stats__median-accept">{hoursMinutesText(s.medianMinutes.accept)}</Text>
              </View>
              <View className="info-row">
                <Text className="muted">报修到到场</Text>
                <Text className="repair-stats__median-arrive">{hoursMinutesText(s.medianMinutes.arrive)}</Text>
              </View>
              <View className="info-row">
                <Text className="muted">报修到完工</Text>
                <Text className="repair-stats__median-complete">{hoursMinutesText(s.medianMinutes.complete)}</Text>
              </View>
              <Text className="repair-stats__subtitle">
                业主评价（平均 <Text className="repair-stats__average">{s.averageRating === null ? '—' : s.averageRating.toFixed(1)}</Text> 分，共 {ratingTotal} 条）
              </Text>
              {RATING_KEYS.map((k) => (
                <View key={k} className={`bar-row repair-stats__rating repair-stats__rating--${k}`}>
                  <Text className="bar-row__label">{k} 星</Text>
                  <View className="bar-row__track">
                    <View className="bar-row__fill" style={{ width: `${(s.ratings[k] / ratingMax) * 100}%` }} />
                  </View>
                  <Text className="bar-row__value">{s.ratings[k]}</Text>
                </View>
              ))}
              <View className="bar-row repair-stats__rating repair-stats__rating--unrated">
                <Text className="bar-row__label">未评价</Text>
                <View className="bar-row__track">
                  <View className="bar-row__fill bar-row__fill--muted" style={{ width: `${(s.unrated / ratingMax) * 100}%` }} />
                </View>
                <Text className="bar-row__value repair-stats__unrated">{s.unrated}</Text>
              </View>
            </>
          ) : null}
        </StateView>
      </View>

      <View className="card followup-stats">
        <Text className="card__title">近 30 天回访</Text>
        <StateView loading={followups.loading} error={followups.error} onRetry={followups.reload}>
          {f ? (
            <>
              <View className="stats">
                <Stat className="followup-stats__due" value={f.due} label="应回访" />
                <Stat className="followup-stats__done" value={f.done} label="已回访" />
                <Stat className="followup-stats__completion" value={formatRate(f.completionRate)} label="完成率" />
                <Stat className="followup-stats__satisfaction" value={formatRate(f.satisfactionRate)} label="满意率" />
              </View>
              <Text className="muted followup-stats__outcomes">
                按时完成 {f.doneOnTime} 条 · {FOLLOW_UP_OUTCOMES.map((o) => `${FOLLOW_UP_OUTCOME_LABELS[o]} ${f.outcomes[o]}`).join(' · ')}
              </Text>
            </>
          ) : null}
        </StateView>
      </View>
    </View>
  );
}
