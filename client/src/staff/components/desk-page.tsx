import { useState } from 'react';
import { View } from '@tarojs/components';
import { useCloud } from '@/hooks/use-cloud';
import { useSession } from '@/hooks/use-session';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { OverviewPanel } from '@/components/overview-panel';
import { UnitsPanel } from './units-panel';

/** 客服工作台 and 收费工作台 share one layout: community overview + units by building. */
export function DeskPage({ title }: { title: string }) {
  const session = useSession({ required: true });
  const overview = useCloud('community', 'overview');
  const [buildingId, setBuildingId] = useState<string | undefined>();

  return (
    <View className="page">
      <PageHeader
        title={title}
        subtitle={session ? `您好，${session.me.name}${overview.data ? ` · ${overview.data.community.name}` : ''}` : undefined}
      />
      <StateView loading={overview.loading} error={overview.error} onRetry={overview.reload}>
        {overview.data ? (
          <>
            <OverviewPanel overview={overview.data} selectedBuildingId={buildingId} onSelectBuilding={setBuildingId} />
            <UnitsPanel buildingId={buildingId} />
          </>
        ) : null}
      </StateView>
    </View>
  );
}
