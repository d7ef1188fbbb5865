import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import { localDay, weekdayLabel } from '@shared/domain/calendar';
import { routes } from '@shared/routes';
import { call } from '@/services/cloud';
import { openPage } from '@/services/navigation';
import { useSession } from '@/hooks/use-session';
import { usePaged } from '@/hooks/use-paged';
import { PageHeader } from '@/components/page-header';
import { PagedList } from '@/components/paged-list';
import { MoveInRow } from '@/components/movein-row';
import { useReloadOnReturn } from '@/components/reload-on-return';

const PAGE_SIZE = 20;

/**
 * 入住办理 (agents, managers): today's booked move-ins by slot, a unit found by its label (any
 * case, any day), and 零散入住 for a unit without a batch. A case opens its 入伙手续书.
 */
export default function MoveInsPage() {
  useSession({ required: true });
  const today = localDay(new Date());
  const [draft, setDraft] = useState('');
  const [q, setQ] = useState('');
  const list = usePaged((page) => call('movein', 'cases', { ...(q ? { q } : { day: today }), page, pageSize: PAGE_SIZE }), `${q}|${today}`);
  useReloadOnReturn(list.reload);
  return (
    <View className="page moveins-page">
      <PageHeader title="入住办理" subtitle="按预约时段办理入伙手续；零散入住可直接建档" />
      <Button className="btn btn--primary moveins-page__new" onClick={() => openPage(routes.staff.moveinNew)}>
        零散入住
      </Button>
      <View className="card moveins-page__search">
        <View className="units__search">
          <Input className="units__search-input moveins-page__q" value={draft} maxlength={30} placeholder="输入房号查找，如 8栋1单元0302" confirmType="search" onInput={(e) => setDraft(e.detail.value)} onConfirm={() => setQ(draft.trim())} />
          <Button className="btn units__search-btn moveins-page__search-button" size="mini" onClick={() => setQ(draft.trim())}>
            查找
          </Button>
        </View>
      </View>
      <Text className="card__title moveins-page__heading">
        {q ? `“${q}”的入住办理` : `今天 ${today.slice(5).replace('-', '月')}日 ${weekdayLabel(today)} 的预约`}
      </Text>
      {q ? (
        <Text className="link moveins-page__back" onClick={() => (setQ(''), setDraft(''))}>
          ‹ 回到今天的预约
        </Text>
      ) : null}
      <PagedList
        list={list}
        name="moveins"
        emptyText={q ? '没有找到该房屋的入住办理；未建档的房屋可办理零散入住' : '今天没有预约办理入住的业主'}
        render={(c) => <MoveInRow key={c.id} item={c} onClick={() => openPage(routes.staff.movein, { id: c.id })} />}
      />
    </View>
  );
}
