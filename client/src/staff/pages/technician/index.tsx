import { Switch, Text, View } from '@tarojs/components';
import { useCloud } from '@/hooks/use-cloud';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { CommunityCard } from '@/components/community-card';
import { useSession } from '@/hooks/use-session';
import { useSubmit } from '@/hooks/use-submit';
import { call } from '@/services/cloud';
import { toast } from '@/services/ui';
import { FormError } from '@/components/form-field';
import { SubscribeCard } from '@/components/subscribe-card';
import { TabBar } from '@/components/tab-bar';
import { TechQueue } from '../../components/tech-queue';
import { DeskItems } from '../../components/desk-items';
import { ArchivesEntry } from '@/components/archive-entry';

export default function TechnicianHomePage() {
  useSession({ required: true });
  const profile = useCloud('community', 'myProfile');
  const staff = profile.data?.staff;
  const community = profile.data?.community;
  const duty = useSubmit();

  const setOnDuty = async (onDuty: boolean) => {
    const saved = await duty.run(() => call('community', 'setOnDuty', { onDuty }));
    if (saved && profile.data) {
      profile.set({ ...profile.data, staff: saved });
      toast(saved.onDuty ? '已开始值班，将为您派单' : '已结束值班');
    }
  };

  return (
    <View className="page technician">
      <PageHeader title="维修师傅首页" subtitle={staff ? `您好，${staff.name}` : undefined} />
      {/* Only the red banner: 我的工单 below already lists the rest by next deadline. */}
      <DeskItems urgentOnly />
      <StateView loading={profile.loading} error={profile.error} onRetry={profile.reload}>
        {staff && community ? (
          <>
            <View className="card">
              <View className="unit-row__main">
                <Text className="card__title">{staff.name}</Text>
                <Text className={`tag ${staff.onDuty ? 'tag--on' : ''}`}>{staff.onDuty ? '值班中' : '休息中'}</Text>
              </View>
              <View className="switch-row technician__duty">
                <Text>值班接单</Text>
                <Switch className="technician__duty-switch" checked={staff.onDuty} disabled={duty.busy || undefined} color="#1677ff" onChange={(e) => setOnDuty(e.detail.value)} />
              </View>
              <FormError error={duty.error} />
              <View className="info-row">
                <Text className="muted">技能</Text>
                <Text className="technician__skills">{staff.skills.length ? staff.skills.join('、') : '未登记'}</Text>
              </View>
              <View className="info-row">
                <Text className="muted">联系电话</Text>
                <Text>{staff.phone || '未登记'}</Text>
              </View>
            </View>
            <TechQueue />
            <ArchivesEntry />
            <SubscribeCard />
            <CommunityCard community={community} />
          </>
        ) : null}
      </StateView>
      <TabBar current="home" />
    </View>
  );
}
