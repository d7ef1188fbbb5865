import { Text, View } from '@tarojs/components';
import type { CommunityOverview } from '@shared/contracts/community.contract';
import { Stat } from './stat';

interface Props {
  overview: CommunityOverview;
  /** Building chosen as a filter (highlighted); tap handler makes the rows selectable. */
  selectedBuildingId?: string;
  onSelectBuilding?: (buildingId: string | undefined) => void;
}

/** Community totals and per-building occupancy (自住 / 空置 / 出租). */
export function OverviewPanel({ overview, selectedBuildingId, onSelectBuilding }: Props) {
  const { totals, buildings } = overview;
  return (
    <View className="overview">
      <View className="card">
        <Text className="card__title">小区概况</Text>
        <View className="stats">
          <Stat label="楼栋" value={totals.buildings} />
          <Stat label="房屋" value={totals.units} />
          <Stat label="业主" value={totals.owners} />
          <Stat label="员工" value={totals.staff} />
        </View>
        <View className="stats">
          <Stat label="自住" value={totals.occupied} />
          <Stat label="空置" value={totals.vacant} />
          <Stat label="出租" value={totals.renting} />
        </View>
      </View>
      <View className="card">
        <Text className="card__title">各楼栋入住情况</Text>
        {onSelectBuilding ? (
          <View
            className={`building-row ${selectedBuildingId ? '' : 'building-row--active'}`}
            onClick={() => onSelectBuilding(undefined)}
          >
            <Text className="building-row__name">全部楼栋</Text>
            <Text className="building-row__meta">共 {totals.units} 户</Text>
          </View>
        ) : null}
        {buildings.length === 0 ? <Text className="muted">暂无楼栋</Text> : null}
        {buildings.map((b) => (
          <View
            key={b.id}
            className={`building-row ${selectedBuildingId === b.id ? 'building-row--active' : ''}`}
            onClick={onSelectBuilding ? () => onSelectBuilding(b.id) : undefined}
          >
            <Text className="building-row__name">{b.name}</Text>
            <Text className="building-row__meta">
              {b.floors} 层 · {b.units} 户 · 自住 {b.occupied} · 空置 {b.vacant} · 出租 {b.renting}
            </Text>
          </View>
        ))}
      </View>
    </View>
  );
}
