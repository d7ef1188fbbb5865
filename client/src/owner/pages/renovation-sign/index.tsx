import { useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { EDITABLE_RENOVATION_STATUSES, missingSignatures } from '@shared/domain/renovation';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { routes } from '@shared/routes';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { RenovationSign } from '@/components/renovation-sign';
import { backTo } from '@/services/navigation';

/**
 * 签署装修文书 (owner/pages/renovation-sign/index?id=…): the community's 装修施工责任承诺书 and
 * 装修管理协议书, signed by the owner and then, the phone handed over, the contractor's person in charge.
 */
export default function RenovationSignPage() {
  const { params } = useRouter();
  const id = params.id ?? '';
  useSession({ required: true });
  const detail = useCloud('renovation', 'detail', { renovationId: id }, { skip: !id });
  const settings = useCloud('renovation', 'settings', {});
  const r = detail.data;
  const done = r ? missingSignatures(r.signatures).length === 0 : false;
  return (
    <View className="page renovation-sign-page">
      <PageHeader title="签署装修文书" subtitle={r ? `${r.unitLabel} · 业主和施工单位负责人分别签名` : undefined} />
      <StateView loading={(detail.loading && !r) || (settings.loading && !settings.data)} error={detail.error ?? settings.error} onRetry={() => (detail.reload(), settings.reload())}>
        {r && settings.data ? (
          EDITABLE_RENOVATION_STATUSES.includes(r.status) ? (
            <>
              <RenovationSign renovation={r} settings={settings.data} onSigned={detail.set} />
              {done ? (
                <View className="card">
                  <Text className="renovation-sign__done">双方均已签署，可以返回提交申请。</Text>
                  <Button className="btn btn--primary renovation-sign__back" onClick={() => backTo(routes.owner.renovation, { id })}>
                    返回提交
                  </Button>
                </View>
              ) : null}
            </>
          ) : (
            <Text className="muted">申请已提交，文书不能再修改。</Text>
          )
        ) : null}
      </StateView>
    </View>
  );
}
