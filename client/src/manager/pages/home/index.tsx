import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { StaffMember } from '@shared/contracts/community.contract';
import { ROLE_LABELS } from '@shared/domain/roles';
import { routes } from '@shared/routes';
import { useCloud } from '@/hooks/use-cloud';
import { useSession } from '@/hooks/use-session';
import { openPage } from '@/services/navigation';
import { toast } from '@/services/ui';
import { PageHeader } from '@/components/page-header';
import { TabBar } from '@/components/tab-bar';
import { StateView } from '@/components/state-view';
import { OverviewPanel } from '@/components/overview-panel';
import { BindingsEntry, CallTasksEntry } from '@/components/bindings-entry';
import { CommunitySwitcher } from '@/components/community-switcher';
import { FollowupsEntry } from '@/components/followup-entry';
import { SentimentEntry } from '@/components/sentiment-entry';
import { SentimentCorrectionsEntry } from '@/components/sentiment-corrections-entry';
import { ParkingEntry } from '@/components/parking-entry';
import { MoveInBatchesEntry } from '@/components/movein-batch-entry';
import { DueSoonCard } from '@/components/due-soon-card';
import { LedgerEntry } from '@/components/ledger-entry';
import { ArchivesEntry } from '@/components/archive-entry';
import { StaffFiguresEntry } from '@/components/staff-figures-entry';
import { TrainingEntry } from '@/components/training-entry';
import { StaffForm } from '../../components/staff-form';
import { DashboardFigures } from '../../components/dashboard-figures';
import { SatisfactionCard } from '../../components/satisfaction-card';
import { useReloadOnReturn } from '@/components/reload-on-return';

export default function ManagerHomePage() {
  const session = useSession({ required: true });
  const overview = useCloud('community', 'overview');
  const team = useCloud('community', 'staff');
  const options = useCloud('auth', 'loginOptions');
  const dashboard = useCloud('dashboard', 'manager');
  useReloadOnReturn(dashboard.reload);
  /** The member being edited; 'new' while adding one. */
  const [editing, setEditing] = useState<StaffMember | 'new' | null>(null);

  const saved = (member: StaffMember) => {
    const list = team.data ?? [];
    team.set(list.some((m) => m.id === member.id) ? list.map((m) => (m.id === member.id ? member : m)) : [...list, member]);
    setEditing(null);
    toast('已保存');
  };

  return (
    <View className="page manager">
      <PageHeader
        title="主管首页"
        subtitle={session ? `您好，${session.me.name}${overview.data ? ` · ${overview.data.community.name}` : ''}` : undefined}
      />
      <CommunitySwitcher />
      <StateView loading={dashboard.loading && !dashboard.data} error={dashboard.error} onRetry={dashboard.reload}>
        {dashboard.data ? <DashboardFigures dashboard={dashboard.data} /> : null}
      </StateView>
      <SatisfactionCard />
      <BindingsEntry />
      <CallTasksEntry />
      <FollowupsEntry />
      <SentimentEntry />
      <SentimentCorrectionsEntry />
      <ParkingEntry />
      <MoveInBatchesEntry />
      <DueSoonCard />
      <ArchivesEntry />
      <LedgerEntry contracts />
      <StaffFiguresEntry />
      <TrainingEntry />
      <View className="entries manager__repair-entries">
        <View className="card card--link entry manager__repairs" onClick={() => openPage(routes.manager.repairs)}>
          <Text className="card__title">报修看板</Text>
          <Text className="muted">工单进度、超时、本周指标</Text>
        </View>
        <View className="card card--link entry manager__repair-settings" onClick={() => openPage(routes.manager.repairSettings)}>
          <Text className="card__title">报修设置</Text>
          <Text className="muted">类别、派单方式、处理时限</Text>
        </View>
      </View>
      <View className="entries manager__complaint-entries">
        <View className="card card--link entry manager__complaints" onClick={() => openPage(routes.manager.complaints)}>
          <Text className="card__title">投诉看板</Text>
          <Text className="muted">处理进度、超时、月度统计、时限</Text>
        </View>
        <View className="card card--link entry manager__desk-figures" onClick={() => openPage(routes.manager.deskFigures)}>
          <Text className="card__title">接待台数据</Text>
          <Text className="muted">咨询时效、自助查询、繁忙时段、人员</Text>
        </View>
        <View className="card card--link entry manager__contacts" onClick={() => openPage(routes.staff.contacts)}>
          <Text className="card__title">来电来访</Text>
          <Text className="muted">登记、跟进；门岗放行条核验</Text>
        </View>
        <View className="card card--link entry manager__inquiry-settings" onClick={() => openPage(routes.manager.inquirySettings)}>
          <Text className="card__title">咨询时限</Text>
          <Text className="muted">各类咨询的受理、答复承诺时间</Text>
        </View>
        <View className="card card--link entry manager__movein-settings" onClick={() => openPage(routes.manager.moveinSettings)}>
          <Text className="card__title">入住设置</Text>
          <Text className="muted">入伙手续书必办步骤、资料保留、维保人员</Text>
        </View>
        <View className="card card--link entry manager__renovation-board" onClick={() => openPage(routes.manager.renovationBoard)}>
          <Text className="card__title">装修管理</Text>
          <Text className="muted">待审批申请、施工巡查、逾期验收、押金退还</Text>
        </View>
      </View>
      <View className="entries manager__life-entries">
        <View className="card card--link entry manager__life" onClick={() => openPage(routes.manager.life)}>
          <Text className="card__title">社区文化</Text>
          <Text className="muted">问卷调查、社区活动、宣传栏周检</Text>
        </View>
      </View>
      <View className="entries manager__knowledge-entries">
        <View className="card card--link entry manager__knowledge" onClick={() => openPage(routes.manager.knowledgeEdit)}>
          <Text className="card__title">知识库</Text>
          <Text className="muted">服务指南条目、业主搜不到的缺失答案</Text>
        </View>
        <View className="card card--link entry manager__scripts" onClick={() => openPage(routes.manager.scriptsEdit)}>
          <Text className="card__title">话术库</Text>
          <Text className="muted">接听、催缴、投诉、舆情、咨询话术</Text>
        </View>
      </View>
      <View className="entries manager__notice-entries">
        <View className="card card--link entry manager__notices" onClick={() => openPage(routes.manager.notices)}>
          <Text className="card__title">通知公告</Text>
          <Text className="muted">选模板发布通知，查看阅读情况</Text>
        </View>
        <View className="card card--link entry manager__fees" onClick={() => openPage(routes.manager.fees)}>
          <Text className="card__title">收费管理</Text>
          <Text className="muted">收缴率、欠费账龄、收费项目</Text>
        </View>
      </View>
      <View className="entries">
        <View className="card card--link entry manager__directory" onClick={() => openPage(routes.staff.directory)}>
          <Text className="card__title">房屋与业主</Text>
          <Text className="muted">查看、修改房屋和住户资料</Text>
        </View>
        <View className="card card--link entry manager__import" onClick={() => openPage(routes.manager.import)}>
          <Text className="card__title">资料导入</Text>
          <Text className="muted">Excel 批量导入、导出</Text>
        </View>
        <View className="card card--link entry manager__outbox" onClick={() => openPage(routes.manager.outbox)}>
          <Text className="card__title">消息发送记录</Text>
          <Text className="muted">订阅消息、公众号与电话通知</Text>
        </View>
        {options.data?.demo ? (
          <View className="card card--link entry manager__wechat-inbox" onClick={() => openPage(routes.manager.wechatInbox)}>
            <Text className="card__title">模拟微信消息</Text>
            <Text className="muted">演示：业主在微信中收到的消息</Text>
          </View>
        ) : null}
      </View>
      <StateView loading={overview.loading} error={overview.error} onRetry={overview.reload}>
        {overview.data ? <OverviewPanel overview={overview.data} /> : null}
      </StateView>
      <View className="card team">
        <View className="unit-row__main">
          <Text className="card__title">服务团队{team.data ? `（${team.data.length} 人）` : ''}</Text>
          {!editing ? (
            <Text className="link team__add" onClick={() => setEditing('new')}>
              + 添加员工
            </Text>
          ) : null}
        </View>
        {editing === 'new' ? <StaffForm onSaved={saved} onCancel={() => setEditing(null)} /> : null}
        <StateView loading={team.loading} error={team.error} onRetry={team.reload} empty={team.data?.length === 0} emptyText="暂无员工">
          {(team.data ?? []).map((m) =>
            editing !== 'new' && editing?.id === m.id ? (
              <StaffForm key={m.id} member={m} onSaved={saved} onCancel={() => setEditing(null)} />
            ) : (
              <View key={m.id} className="staff-row">
                <View className="staff-row__main">
                  <Text className="staff-row__name">{m.name}</Text>
                  <Text className={`tag ${m.onDuty ? 'tag--on' : ''}`}>{m.onDuty ? '值班中' : '休息中'}</Text>
                </View>
                <Text className="staff-row__meta">
                  {m.roles.map((r) => ROLE_LABELS[r]).join('、')}
                  {m.skills.length ? ` · 技能：${m.skills.join('、')}` : ''}
                  {m.phone ? ` · ${m.phone}` : ''}
                </Text>
                {!editing ? (
                  <View className="row-actions">
                    <Text className="link staff-row__edit" onClick={() => setEditing(m)}>
                      修改
                    </Text>
                  </View>
                ) : null}
              </View>
            ),
          )}
        </StateView>
      </View>
      <TabBar current="home" />
    </View>
  );
}
