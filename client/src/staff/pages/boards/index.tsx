import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { routes } from '@shared/routes';
import { call } from '@/services/cloud';
import { openPage } from '@/services/navigation';
import { toast } from '@/services/ui';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { usePaged } from '@/hooks/use-paged';
import { PageHeader } from '@/components/page-header';
import { PagedList } from '@/components/paged-list';
import { Choices } from '@/components/choices';
import { useReloadOnReturn } from '@/components/reload-on-return';
import { BoardRow } from '@/components/boards';
import { BoardForm } from '@/components/board-form';
import '@/components/boards.scss';

type Status = 'active' | 'retired';
const TABS: { value: Status; label: string }[] = [
  { value: 'active', label: '使用中' },
  { value: 'retired', label: '已停用' },
];

/**
 * 宣传栏 (agents, managers): the community's notice boards with what is up on each today, the
 * boards with expired postings flagged, this week's check (周检) and 新增宣传栏.
 */
export default function BoardsPage() {
  useSession({ required: true });
  const [status, setStatus] = useState<Status>('active');
  const [adding, setAdding] = useState(false);
  const list = usePaged((page) => call('life', 'boardList', { status, page, pageSize: 20 }), status);
  const check = useCloud('life', 'boardCheck', {});
  useReloadOnReturn(() => {
    list.reload();
    check.reload();
  });
  const toTakeDown = check.data?.toTakeDown ?? 0;
  return (
    <View className="page boards">
      <PageHeader title="宣传栏" subtitle="各楼栋及公共区域宣传栏的张贴内容，到期及时撤下" />
      <View className="card card--link boards__check" onClick={() => openPage(routes.staff.boardCheck)}>
        <View className="unit-row__main">
          <Text className="card__title">本周检查</Text>
          {toTakeDown ? <Text className="badge boards__to-take-down">{toTakeDown}</Text> : null}
        </View>
        <Text className="muted">
          {check.error ? check.error.message : toTakeDown ? `有 ${toTakeDown} 份张贴已到期，请撤下` : check.data?.check ? '本周检查已完成，没有到期张贴' : '查看本周检查清单'}
        </Text>
        <Text className="link card__text">去检查 ›</Text>
      </View>
      {adding ? (
        <BoardForm
          onClose={() => setAdding(false)}
          onDone={(b) => {
            setAdding(false);
            toast('已添加');
            openPage(routes.staff.board, { id: b.id });
          }}
        />
      ) : (
        <Button className="btn btn--primary boards__add" onClick={() => setAdding(true)}>
          新增宣传栏
        </Button>
      )}
      <View className="tabs">
        <Choices name="tabs" options={TABS} value={status} onChange={setStatus} />
      </View>
      <PagedList
        list={list}
        name="boards"
        emptyText={status === 'active' ? '还没有宣传栏，请先新增' : '没有停用的宣传栏'}
        render={(b) => <BoardRow key={b.id} board={b} onOpen={(id) => openPage(routes.staff.board, { id })} />}
      />
    </View>
  );
}
