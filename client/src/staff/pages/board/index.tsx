import { useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import type { BoardView, PostingView } from '@shared/contracts/life-boards.contract';
import { call } from '@/services/cloud';
import { confirm, toast } from '@/services/ui';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { usePaged } from '@/hooks/use-paged';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { PagedList } from '@/components/paged-list';
import { Choices } from '@/components/choices';
import { PostingForm, PostingRow, takeDown } from '@/components/boards';
import { BoardForm } from '@/components/board-form';
import '@/components/boards.scss';

type Tab = 'up' | 'removed';
const TABS: { value: Tab; label: string }[] = [
  { value: 'up', label: '张贴中' },
  { value: 'removed', label: '已撤下' },
];
type Panel = 'post' | 'edit' | null;

/**
 * One board (staff/pages/board/index?id=…): where it stands, its postings (up — current, to come,
 * expired first by removal date — or taken down), 新增张贴, 撤下, 修改, 停用 / 恢复使用.
 */
export default function BoardPage() {
  useSession({ required: true });
  const { params } = useRouter();
  const boardId = params.id ?? '';
  const board = useCloud('life', 'boardGet', { boardId }, { skip: !boardId });
  const [tab, setTab] = useState<Tab>('up');
  const [panel, setPanel] = useState<Panel>(null);
  const list = usePaged((page) => call('life', 'boardPostings', { boardId, state: tab, page, pageSize: 20 }), `${boardId}:${tab}`);
  const b = board.data;

  const refresh = () => {
    board.reload();
    list.reload();
  };
  const down = async (p: PostingView) => {
    if (await takeDown(p)) refresh();
  };
  const retire = async (bv: BoardView) => {
    if (!(await confirm({ title: '停用宣传栏', content: `停用“${bv.name}”？停用后不能张贴，可随时恢复。`, danger: true }))) return;
    try {
      board.set(await call('life', 'boardRetire', { boardId: bv.id }));
      toast('已停用');
    } catch (e) {
      toast((e as Error).message);
    }
  };
  const restore = async (bv: BoardView) => {
    try {
      board.set(await call('life', 'boardRestore', { boardId: bv.id }));
      toast('已恢复使用');
    } catch (e) {
      toast((e as Error).message);
    }
  };

  return (
    <View className="page board">
      <PageHeader title={b?.name ?? '宣传栏'} subtitle={b ? `${b.buildingName ?? '小区公共区域'}${b.location ? ` · ${b.location}` : ''}` : undefined} />
      <StateView loading={board.loading && !b} error={board.error} onRetry={board.reload}>
        {b ? (
          <>
            <View className="card board__head">
              {b.status === 'retired' ? <Text className="board-tag board-tag--retired board__status">已停用：不能张贴，可恢复使用</Text> : null}
              <View className="board-check__summary">
                <View className="life-hub__figure">
                  <Text className="life-hub__number board__current">{b.current}</Text>
                  <Text className="muted">张贴中</Text>
                </View>
                <View className="life-hub__figure">
                  <Text className={`life-hub__number ${b.expired ? 'life-hub__number--alert' : ''} board__expired`}>{b.expired}</Text>
                  <Text className="muted">到期待撤下</Text>
                </View>
                <View className="life-hub__figure">
                  <Text className="life-hub__number">{b.upcoming}</Text>
                  <Text className="muted">待张贴</Text>
                </View>
              </View>
              <View className="repair-detail__buttons board__buttons">
                {b.can.post ? (
                  <Button className="btn btn--primary board__post" size="mini" onClick={() => setPanel(panel === 'post' ? null : 'post')}>
                    新增张贴
                  </Button>
                ) : null}
                {b.can.edit ? (
                  <Button className="btn btn--ghost board__edit" size="mini" onClick={() => setPanel(panel === 'edit' ? null : 'edit')}>
                    修改
                  </Button>
                ) : null}
                {b.can.retire ? (
                  <Button className="btn btn--ghost board__retire" size="mini" onClick={() => retire(b)}>
                    停用
                  </Button>
                ) : null}
                {b.can.restore ? (
                  <Button className="btn btn--ghost board__restore" size="mini" onClick={() => restore(b)}>
                    恢复使用
                  </Button>
                ) : null}
              </View>
            </View>
            {panel === 'post' ? (
              <PostingForm
                boards={[b]}
                onClose={() => setPanel(null)}
                onDone={() => {
                  setPanel(null);
                  setTab('up');
                  refresh();
                }}
              />
            ) : null}
            {panel === 'edit' ? (
              <BoardForm
                board={b}
                onClose={() => setPanel(null)}
                onDone={(next) => {
                  board.set(next);
                  setPanel(null);
                  toast('已保存');
                }}
              />
            ) : null}
            <View className="tabs">
              <Choices name="tabs" options={TABS} value={tab} onChange={setTab} />
            </View>
            <View className="card board__postings">
              <PagedList list={list} name="postings" emptyText={tab === 'up' ? '宣传栏上暂无张贴' : '暂无撤下记录'} render={(p) => <PostingRow key={p.id} posting={p} onTakeDown={down} />} />
            </View>
          </>
        ) : null}
      </StateView>
    </View>
  );
}
