import { useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { RenovationView } from '@shared/contracts/renovation.contract';
import { forbiddenMentions } from '@shared/domain/renovation';
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
import { RenovationSign } from '@/components/renovation-sign';
import { RenovationPermit } from '@/components/renovation-permit';
import { RenovationPatrols } from '@/components/renovation-patrols';
import { RenovationAcceptance } from '@/components/renovation-acceptance';

/**
 * 装修申请 for staff (staff/pages/renovation/index?id=…): the application (with the words of its
 * description that point at a forbidden work), the application part's buttons — an agent edits,
 * has the papers signed at the desk and submits an application made for an owner —, then each
 * later part's section (review and approval, permit and passes, patrols, acceptance) and the history.
 */
export default function StaffRenovationPage() {
  const { params } = useRouter();
  const id = params.id ?? '';
  useSession({ required: true });
  const detail = useCloud('renovation', 'detail', { renovationId: id }, { skip: !id });
  const settings = useCloud('renovation', 'settings', {});
  useReloadOnReturn(() => detail.reload());
  const submit = useSubmit();
  const [signing, setSigning] = useState(false);
  const r = detail.data;
  const changed = (next: RenovationView) => detail.set(next);
  const mentions = r && settings.data ? forbiddenMentions(r.description, settings.data.forbiddenWorks).filter((m) => !r.forbidden.some((f) => f.key === m.key)) : [];

  const send = async () => {
    const next = await submit.run(() => call('renovation', 'submit', { renovationId: id }));
    if (!next) return;
    changed(next);
    toast('已提交');
  };
  const cancel = async () => {
    if (!(await confirm({ title: '撤销装修申请', content: '撤销后业主如需装修须重新申请。确定撤销吗？', confirmText: '撤销', danger: true }))) return;
    const next = await submit.run(() => call('renovation', 'cancel', { renovationId: id }));
    if (next) changed(next);
  };

  return (
    <View className="page renovation-staff">
      <PageHeader title="装修申请" subtitle={r ? `${r.no} · ${r.ownerName}` : undefined} />
      {!id ? <Text className="muted">缺少装修申请编号，请从“装修管理”进入。</Text> : null}
      <StateView loading={detail.loading && !r} error={detail.error} onRetry={detail.reload}>
        {r ? (
          <>
            <RenovationDetail renovation={r} viewer="staff" />
            {mentions.length ? (
              <View className="card renovation-staff__mentions">
                <Text className="card__title">审核提示</Text>
                {mentions.map((m) => (
                  <Text key={m.key} className="renovation-rule">
                    装修说明提到“{m.words.join('、')}”，但未勾选“{m.label}”，请向业主核实。{m.rule}
                  </Text>
                ))}
              </View>
            ) : null}
            <RenovationApplicationActions
              renovation={r}
              submit={submit}
              onEdit={() => openPage(routes.staff.renovationNew, { id })}
              onSign={() => setSigning(!signing)}
              onSubmit={send}
              onCancel={cancel}
            />
            {signing && settings.data ? <RenovationSign renovation={r} settings={settings.data} onSigned={changed} /> : null}
            <RenovationPermit renovation={r} viewer="staff" onChanged={detail.reload} />
            <RenovationPatrols renovation={r} viewer="staff" onChanged={detail.reload} />
            <RenovationAcceptance renovation={r} viewer="staff" onChanged={detail.reload} />
            <RenovationHistory renovation={r} />
          </>
        ) : null}
      </StateView>
    </View>
  );
}
