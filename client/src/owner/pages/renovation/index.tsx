import { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { RenovationView } from '@shared/contracts/renovation.contract';
import { routes } from '@shared/routes';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { useSubmit } from '@/hooks/use-submit';
import { call } from '@/services/cloud';
import { openPage } from '@/services/navigation';
import { confirm, toast } from '@/services/ui';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { useReloadOnReturn } from '@/components/reload-on-return';
import { RenovationApplicationActions, RenovationDetail, RenovationHistory } from '@/components/renovation-detail';
import { RenovationPermit } from '@/components/renovation-permit';
import { RenovationPatrols } from '@/components/renovation-patrols';
import { RenovationAcceptance } from '@/components/renovation-acceptance';

/**
 * 装修申请 (owner/pages/renovation/index?id=…): the application, its signatures and bills, the
 * buttons of the application part (修改, 签署文书, 提交, 撤销), then each later part's section
 * (permit and passes, patrols and violations, acceptance and deposit) and the history.
 */
export default function OwnerRenovationPage() {
  const { params } = useRouter();
  const id = params.id ?? '';
  useSession({ required: true });
  const detail = useCloud('renovation', 'detail', { renovationId: id }, { skip: !id });
  useReloadOnReturn(() => detail.reload());
  const submit = useSubmit();
  const r = detail.data;
  const changed = (next: RenovationView) => detail.set(next);

  const send = async () => {
    const next = await submit.run(() => call('renovation', 'submit', { renovationId: id }));
    if (!next) return;
    changed(next);
    toast('已提交，请等待物业审核');
  };
  const cancel = async () => {
    if (!(await confirm({ title: '撤销装修申请', content: '撤销后如需装修须重新申请。确定撤销吗？', confirmText: '撤销', danger: true }))) return;
    const next = await submit.run(() => call('renovation', 'cancel', { renovationId: id }));
    if (next) changed(next);
  };

  return (
    <View className="page renovation-page">
      <PageHeader title="装修申请" subtitle={r ? `${r.no}` : undefined} />
      {!id ? <Text className="muted">缺少装修申请编号，请从“我的装修”进入。</Text> : null}
      <StateView loading={detail.loading && !r} error={detail.error} onRetry={detail.reload}>
        {r ? (
          <>
            <RenovationDetail renovation={r} viewer="owner" />
            <RenovationApplicationActions
              renovation={r}
              submit={submit}
              onEdit={() => openPage(routes.owner.renovationApply, { id })}
              onSign={() => openPage(routes.owner.renovationSign, { id })}
              onSubmit={send}
              onCancel={cancel}
            />
            <RenovationPermit renovation={r} viewer="owner" onChanged={detail.reload} />
            <RenovationPatrols renovation={r} viewer="owner" onChanged={detail.reload} />
            <RenovationAcceptance renovation={r} viewer="owner" onChanged={detail.reload} />
            <RenovationHistory renovation={r} />
          </>
        ) : null}
      </StateView>
    </View>
  );
}
