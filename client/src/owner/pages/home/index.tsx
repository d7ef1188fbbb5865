import { Button, Text, View } from '@tarojs/components';
import type { MyUnit } from '@shared/contracts/community.contract';
import { ROLE_HOME, routes } from '@shared/routes';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { useSubmit } from '@/hooks/use-submit';
import { call } from '@/services/cloud';
import { refreshMe } from '@/services/account';
import { goHome, openPage } from '@/services/navigation';
import { confirm, toast } from '@/services/ui';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { CommunityCard } from '@/components/community-card';
import { UnitRow } from '@/components/unit-row';
import { FormError } from '@/components/form-field';
import { TemplateSubscribe } from '@/components/template-subscribe';
import { OwnerBillsCard } from '@/components/fee-entry';
import { OwnerMoveInCard } from '@/components/movein-batch-entry';
import { useReloadOnReturn } from '@/components/reload-on-return';
import { TabBar } from '@/components/tab-bar';
import { Household } from '../../components/household';
import { HomeGrid } from '../../components/home-grid';
import { SubscribeBanner } from '../../components/subscribe-banner';
import '../../components/owner-home.scss';

/** Notices read for the 通知 badge: unread ones come right after the pinned ones. */
const NOTICE_PAGE_SIZE = 20;

export default function OwnerHomePage() {
  const session = useSession({ required: true });
  const home = useCloud('community', 'myHome');
  // The tiles' badges and the fee card, read once for the page and again on coming back to it.
  const board = useCloud('notices', 'board', { page: 1, pageSize: NOTICE_PAGE_SIZE });
  const finished = useCloud('repairs', 'mine', { state: 'done', page: 1, pageSize: 50 });
  const accounts = useCloud('fees', 'myAccounts');
  useReloadOnReturn(() => {
    board.reload();
    finished.reload();
    accounts.reload();
  });
  const unbind = useSubmit();
  const name = session?.me.name ?? '';

  const leave = async (unit: MyUnit) => {
    const ok = await confirm({
      title: '解除绑定',
      content: `解除后您将不能在小程序中查看“${unit.label}”的信息，如需恢复可重新绑定。确定解除吗？`,
      confirmText: '解除绑定',
      danger: true,
    });
    if (!ok) return;
    const done = await unbind.run(() => call('binding', 'unbind', { unitId: unit.id }));
    if (!done) return;
    toast('已解除绑定');
    const me = await unbind.run(refreshMe);
    // No unit left: the user is a guest again and starts on the binding page.
    if (me && !me.roles.includes('owner')) await goHome(me.roles);
    else home.reload();
  };

  const badges = {
    unreadNotices: (board.data?.items ?? []).filter((n) => !n.read).length,
    toRate: (finished.data?.items ?? []).filter((r) => r.status === 'completed').length,
    owedBills: (accounts.data ?? []).reduce((n, a) => n + a.bills.filter((b) => b.status === 'open' && b.dueFen > 0).length, 0),
  };

  return (
    <View className="page owner-home">
      <PageHeader title={`您好，${name}`} subtitle={home.data ? `业主首页 · ${home.data.community.name}` : '业主首页'} />
      <HomeGrid badges={badges} />
      <View className="owner-home__quick">
        <Button className="btn btn--primary owner-home__repair-new" onClick={() => openPage(routes.owner.repairNew)}>
          我要报修
        </Button>
        <Button className="btn btn--ghost owner-home__complaint-new" onClick={() => openPage(routes.owner.complaintNew)}>
          我要投诉
        </Button>
      </View>
      <SubscribeBanner />
      <OwnerMoveInCard />
      <OwnerBillsCard accounts={accounts} />
      <StateView loading={home.loading} error={home.error} onRetry={home.reload}>
        {home.data ? (
          <>
            <View className="card owner-home__units">
              <View className="unit-row__main">
                <Text className="card__title">我的房屋</Text>
                <Text className="link owner-home__bind" onClick={() => openPage(ROLE_HOME.guest)}>
                  + 绑定房屋
                </Text>
              </View>
              {home.data.units.length === 0 ? (
                <Text className="muted">您名下暂无登记的房屋，请点击“绑定房屋”，如有疑问请致电物业服务中心。</Text>
              ) : null}
              <FormError error={unbind.error} />
              {home.data.units.map((u) => (
                <View key={u.id} className="owner-home__unit">
                  <UnitRow unit={u} meta={`建筑面积 ${u.areaM2} m² · ${u.floor} 层`} />
                  <Household unit={u} />
                  <View className="row-actions">
                    <Text className="danger owner-home__unbind" onClick={() => leave(u)}>
                      解除绑定
                    </Text>
                  </View>
                </View>
              ))}
            </View>
            {home.data.units.some((u) => u.parkingSpaces.some((s) => s.leaseEndsOn)) ? (
              <TemplateSubscribe keys={['parking.expiring']} name="parking-subscribe" description="车位租期到期前通过微信提醒您续租。" />
            ) : null}
            <CommunityCard community={home.data.community} />
          </>
        ) : null}
      </StateView>
      <TabBar current="home" />
    </View>
  );
}
