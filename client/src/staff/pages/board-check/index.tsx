import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import type { BoardCheckItem } from '@shared/contracts/life-boards.contract';
import { chineseDate, formatTime } from '@shared/domain/calendar';
import { POSTING_KIND_LABELS } from '@shared/domain/life';
import { routes } from '@shared/routes';
import { call } from '@/services/cloud';
import { openPage } from '@/services/navigation';
import { toast } from '@/services/ui';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { useReloadOnReturn } from '@/components/reload-on-return';
import '@/components/boards.scss';

const shortDay = (day: string) => chineseDate(day).replace(/^\d{4}年/, '');

/**
 * 宣传栏周检 (agents, managers): this week's check — made by the weekly job (or here, 立即生成) —
 * the postings past their removal date to take down, each ticked 已撤下 on the spot, and the boards
 * with nothing up to fill.
 */
export default function BoardCheckPage() {
  useSession({ required: true });
  const result = useCloud('life', 'boardCheck', {});
  useReloadOnReturn(result.reload);
  const [busy, setBusy] = useState('');
  const r = result.data;
  const c = r?.check;

  const start = async () => {
    setBusy('start');
    try {
      result.set(await call('life', 'boardCheckStart', {}));
    } catch (e) {
      toast((e as Error).message);
    } finally {
      setBusy('');
    }
  };
  const tick = async (item: BoardCheckItem) => {
    setBusy(item.postingId);
    try {
      await call('life', 'boardTakeDown', { postingId: item.postingId });
      toast('已撤下');
      result.reload();
    } catch (e) {
      toast((e as Error).message);
    } finally {
      setBusy('');
    }
  };

  return (
    <View className="page board-check">
      <PageHeader title="宣传栏周检" subtitle={r ? `${shortDay(r.week)}起的一周` : '每周检查到期张贴和空置宣传栏'} />
      <StateView loading={result.loading && !r} error={result.error} onRetry={result.reload}>
        {r && !c ? (
          <View className="card board-check__none">
            <Text className="card__title">本周检查尚未生成</Text>
            <Text className="muted">每周一早上系统自动生成；也可以现在生成。{r.toTakeDown ? `当前有 ${r.toTakeDown} 份张贴已到期。` : ''}</Text>
            <Button className="btn btn--primary board-check__start" loading={busy === 'start'} disabled={!!busy || undefined} onClick={start}>
              立即生成本周检查
            </Button>
          </View>
        ) : null}
        {c ? (
          <>
            <View className="card board-check__summary">
              <View className="life-hub__figures">
              <View className="life-hub__figure">
                <Text className={`life-hub__number ${c.left ? 'life-hub__number--alert' : ''} board-check__left`}>{c.left}</Text>
                <Text className="muted">待撤下</Text>
              </View>
              <View className="life-hub__figure">
                <Text className="life-hub__number">{c.expired.length - c.left}</Text>
                <Text className="muted">已撤下</Text>
              </View>
              <View className="life-hub__figure">
                <Text className="life-hub__number">{c.emptyBoards.length}</Text>
                <Text className="muted">空置宣传栏</Text>
              </View>
              </View>
            </View>
            <Text className="muted board-check__made">
              {c.byName === '系统' ? '系统' : c.byName}于 {formatTime(c.madeAt)} 生成{c.notified ? `，已提醒 ${c.notified} 位客服` : ''}
              {r && r.toTakeDown > c.left ? `；生成后又有 ${r.toTakeDown - c.left} 份到期，见各宣传栏` : ''}
            </Text>
            <View className="card board-check__expired">
              <Text className="card__title">到期张贴</Text>
              {c.expired.length ? (
                c.expired.map((e) => (
                  <View key={e.postingId} className={`board-check__item ${e.removed ? 'board-check__item--done' : ''}`}>
                    <View className="board-check__item-main">
                      <Text className="board-check__item-title">{e.title}</Text>
                      <Text className="muted">
                        {e.boardName} · {POSTING_KIND_LABELS[e.kind]} · {shortDay(e.removeOn)}到期
                      </Text>
                    </View>
                    {e.removed ? (
                      <Text className="board-check__done">✓ {e.removedByName ?? ''}已撤下</Text>
                    ) : (
                      <Button className="btn btn--danger board-check__tick" size="mini" loading={busy === e.postingId} disabled={!!busy || undefined} onClick={() => tick(e)}>
                        已撤下
                      </Button>
                    )}
                  </View>
                ))
              ) : (
                <Text className="muted">本周没有到期的张贴</Text>
              )}
            </View>
            <View className="card board-check__empty">
              <Text className="card__title">空置宣传栏</Text>
              {c.emptyBoards.length ? (
                c.emptyBoards.map((b) => (
                  <View key={b.boardId} className="board-check__item card--link" onClick={() => openPage(routes.staff.board, { id: b.boardId })}>
                    <View className="board-check__item-main">
                      <Text className="board-check__item-title">{b.boardName}</Text>
                      <Text className="muted">{b.location || '—'} · 可张贴温馨提示或社区活动海报</Text>
                    </View>
                    <Text className="link">去张贴 ›</Text>
                  </View>
                ))
              ) : (
                <Text className="muted">每个宣传栏都有张贴内容</Text>
              )}
            </View>
          </>
        ) : null}
        <Button className="btn btn--ghost board-check__boards" onClick={() => openPage(routes.staff.boards)}>
          查看全部宣传栏
        </Button>
      </StateView>
    </View>
  );
}
