import { useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import { useCloud } from '@/hooks/use-cloud';
import { useSession } from '@/hooks/use-session';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { OverviewPanel } from '@/components/overview-panel';
import { BindingsEntry, CallTasksEntry } from '@/components/bindings-entry';
import { RepairsEntry } from '@/components/repair-entry';
import { FollowupsEntry } from '@/components/followup-entry';
import { NoticesEntry } from '@/components/notice-entry';
import { FeeChargeEntry, FeesEntry } from '@/components/fee-entry';
import { ComplaintsEntry } from '@/components/complaint-entry';
import { UnitsPanel } from './units-panel';
import { TabBar } from '@/components/tab-bar';
import { DeskItems } from './desk-items';

/**
 * 客服工作台, 收费工作台 and the directory share one layout: community overview + units by
 * building (tap a unit for its record). `bindings` adds the entry to 业主绑定审核 (agents), `calls`
 * the entry to 电话通知 (agents, cashiers), `repairs` the entries to 报修工单 and 回访任务 (agents),
 * `notices` the entry to 通知公告 (agents), `fees` the entry to 欠费管理 (agents, cashiers), `charge`
 * the entry to 一次性收费 (cashiers),
 * `complaints` the entry to 投诉处理 (agents); `children` go after the entries (e.g. 业主群舆情 for agents).
 * `desk` puts the open work on top (dashboard.desk): 紧急 incidents and breached deadlines in a red
 * banner, then the rest by due time.
 */
export function DeskPage({
  title,
  bindings = false,
  calls = false,
  repairs = false,
  notices = false,
  fees = false,
  charge = false,
  complaints = false,
  desk = false,
  top,
  children,
}: {
  title: string;
  bindings?: boolean;
  calls?: boolean;
  repairs?: boolean;
  notices?: boolean;
  fees?: boolean;
  charge?: boolean;
  complaints?: boolean;
  /** The open work on top (agents): the red banner of urgent items, then the rest by due time. */
  desk?: boolean;
  /** Above everything else (the agent's and cashier's 查询业主 · 一户一档 search). */
  top?: ReactNode;
  children?: ReactNode;
}) {
  const session = useSession({ required: true });
  const overview = useCloud('community', 'overview');
  const [buildingId, setBuildingId] = useState<string | undefined>();

  return (
    <View className="page">
      <PageHeader
        title={title}
        subtitle={session ? `您好，${session.me.name}${overview.data ? ` · ${overview.data.community.name}` : ''}` : undefined}
      />
      {top}
      {/* Urgent work first (red banner), then the rest by due time; the entries below it. */}
      {desk ? <DeskItems /> : null}
      {bindings ? <BindingsEntry /> : null}
      {calls ? <CallTasksEntry /> : null}
      {complaints ? <ComplaintsEntry /> : null}
      {repairs ? <RepairsEntry /> : null}
      {repairs ? <FollowupsEntry /> : null}
      {notices ? <NoticesEntry /> : null}
      {fees ? <FeesEntry /> : null}
      {charge ? <FeeChargeEntry /> : null}
      {children}
      <StateView loading={overview.loading} error={overview.error} onRetry={overview.reload}>
        {overview.data ? (
          <>
            <OverviewPanel overview={overview.data} selectedBuildingId={buildingId} onSelectBuilding={setBuildingId} />
            <UnitsPanel buildingId={buildingId} />
          </>
        ) : null}
      </StateView>
      <TabBar current="home" />
    </View>
  );
}
