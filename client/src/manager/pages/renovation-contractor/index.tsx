import { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { useCloud } from '@/hooks/use-cloud';
import { useSession } from '@/hooks/use-session';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { BoardRowView } from '../../components/renovation-board-row';
import '../../components/dashboard.scss';
import '../renovation-board/index.scss';

/** 施工单位档案 (managers): one contractor's renovations in the community across units, with its violations. */
export default function RenovationContractorPage() {
  useSession({ required: true });
  const { params } = useRouter();
  const company = decodeURIComponent(params.company ?? '');
  const history = useCloud('renovation', 'contractorHistory', { company });
  const h = history.data;
  return (
    <View className="page manager renovation-contractor">
      <PageHeader title={company || '施工单位'} subtitle={h?.licence ? `营业执照 ${h.licence}` : '施工单位档案'} />
      <StateView loading={history.loading && !h} error={history.error} onRetry={history.reload}>
        {h ? (
          <>
            <View className="figures renovation-contractor__totals">
              {[
                { name: 'renovations', label: '装修户数', value: h.totals.renovations },
                { name: 'active', label: '在施工', value: h.totals.active },
                { name: 'violations', label: '违规次数', value: h.totals.violations, alert: h.totals.violations > 0 },
                { name: 'open', label: '待整改', value: h.totals.openViolations, alert: h.totals.openViolations > 0 },
              ].map((t) => (
                <View key={t.name} className={`figures__tile figures__tile--${t.name}${t.alert ? ' figures__tile--alert' : ''}`}>
                  <Text className="figures__value">{t.value}</Text>
                  <Text className="figures__label">{t.label}</Text>
                </View>
              ))}
            </View>
            {h.renovations.length ? h.renovations.map((r) => <BoardRowView key={r.id} row={r} show={['violations']} />) : <Text className="muted renovation-board__empty">该施工单位在本小区还没有装修记录</Text>}
          </>
        ) : null}
      </StateView>
    </View>
  );
}
