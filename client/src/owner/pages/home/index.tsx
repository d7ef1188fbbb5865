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
import { SubscribeCard } from '@/components/subscribe-card';
import { TemplateSubscribe } from '@/components/template-subscribe';
import { OwnerNoticesCard } from '@/components/notice-entry';
import { OwnerBillsCard } from '@/components/fee-entry';
import { Household } from '../../components/household';

export default function OwnerHomePage() {
  const session = useSession({ required: true });
  const home = useCloud('community', 'myHome');
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

  return (
    <View className="page owner-home">
      <PageHeader title={`业主首页 · ${name}`} subtitle={`您好，${name}，欢迎回家`} />
      <StateView loading={home.loading} error={home.error} onRetry={home.reload}>
        {home.data ? (
          <>
            <CommunityCard community={home.data.community} />
            <View className="card owner-home__repairs">
              <Text className="card__title">报修服务</Text>
              <Text className="muted">家里或公共区域有东西坏了？提交报修，随时查看维修进度。</Text>
              <View className="entries owner-home__repair-entries">
                <Button className="btn btn--primary entry owner-home__repair-new" onClick={() => openPage(routes.owner.repairNew)}>
                  我要报修
                </Button>
                <Button className="btn btn--ghost entry owner-home__repairs-link" onClick={() => openPage(routes.owner.repairs)}>
                  我的报修
                </Button>
              </View>
            </View>
            <View className="card owner-home__complaints">
              <Text className="card__title">投诉建议</Text>
              <Text className="muted">对物业服务不满意？提交投诉，物业会在时限内书面答复并回访。</Text>
              <View className="entries owner-home__complaint-entries">
                <Button className="btn btn--primary entry owner-home__complaint-new" onClick={() => openPage(routes.owner.complaintNew)}>
                  我要投诉
                </Button>
                <Button className="btn btn--ghost entry owner-home__complaints-link" onClick={() => openPage(routes.owner.complaints)}>
                  我的投诉
                </Button>
              </View>
            </View>
            <OwnerBillsCard />
            <OwnerNoticesCard />
            <SubscribeCard />
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
          </>
        ) : null}
      </StateView>
    </View>
  );
}
