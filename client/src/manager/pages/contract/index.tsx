import { localDay } from '@shared/domain/calendar';
import { useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { CONTRACT_KIND_LABELS, CONTRACT_STATUS_LABELS } from '@shared/domain/archives';
import { yuan } from '@shared/domain/fees';
import { routes } from '@shared/routes';
import { call } from '@/services/cloud';
import { openPage } from '@/services/navigation';
import { confirm, toast } from '@/services/ui';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { InfoRow } from '@/components/info-row';
import { useReloadOnReturn } from '@/components/reload-on-return';
import { AttachedDocs, DueTag } from '@/components/ledger';

/** One contract (manager/pages/contract?id=…): term, amount, documents, history; 编辑 (an extension: a later end), 终止. */
export default function ContractPage() {
  useSession({ required: true });
  const { params } = useRouter();
  const contractId = params.id ?? '';
  const contract = useCloud('archives', 'contractGet', { contractId }, { skip: !contractId });
  useReloadOnReturn(() => contract.reload());
  const c = contract.data;
  const end = async () => {
    if (!c || !(await confirm({ title: '终止合同', content: `终止“${c.title}”？终止后不再提醒到期，也不能再编辑。`, danger: true }))) return;
    try {
      contract.set(await call('archives', 'contractEnd', { contractId: c.id }));
      toast('已终止');
    } catch (e) {
      toast((e as Error).message);
    }
  };
  return (
    <View className="page contract">
      <PageHeader title={c?.title ?? '合同'} subtitle={c ? `${CONTRACT_KIND_LABELS[c.kind]} · ${c.party}` : undefined} />
      <StateView loading={contract.loading && !c} error={contract.error} onRetry={contract.reload}>
        {c ? (
          <>
            <View className="card contract__term">
              <View className="ledger-row__head">
                <Text className="card__title">合同期限</Text>
                {c.status === 'ended' ? <Text className="ledger-due">{CONTRACT_STATUS_LABELS.ended}</Text> : <DueTag due={c.due} text={c.dueText} name="contract__due" />}
              </View>
              <Text className="ledger-row__title">{`${c.startOn} 至 ${c.endOn}`}</Text>
              {c.endedOn ? <Text className="muted">{`${c.endedOn} 终止`}</Text> : null}
              <View className="form-buttons">
                {c.can.edit ? (
                  <Button className="btn btn--ghost contract__edit" size="mini" onClick={() => openPage(routes.manager.contractForm, { id: c.id })}>
                    编辑 / 续期
                  </Button>
                ) : null}
                {c.can.end ? (
                  <Button className="btn btn--ghost contract__end" size="mini" onClick={end}>
                    终止
                  </Button>
                ) : null}
              </View>
            </View>
            <View className="card contract__info">
              <InfoRow label="合同金额">
                <Text className="contract__amount">¥{yuan(c.amountFen)}</Text>
              </InfoRow>
              <InfoRow label="对方单位">
                <Text>{c.party}</Text>
              </InfoRow>
              {c.note ? (
                <InfoRow label="备注">
                  <Text>{c.note}</Text>
                </InfoRow>
              ) : null}
            </View>
            <View className="card contract__docs">
              <Text className="card__title">合同文件</Text>
              <AttachedDocs docs={c.docs} />
            </View>
            <View className="card contract__history">
              <Text className="card__title">记录</Text>
              {c.history.map((h, i) => (
                <View key={`${h.at}-${i}`} className="ledger-log__item">
                  <Text className="muted">{`${localDay(h.at)} ${h.byName} ${{ create: '新建', edit: '修改', end: '终止' }[h.event] ?? h.event}${h.note ? `：${h.note}` : ''}`}</Text>
                </View>
              ))}
            </View>
          </>
        ) : null}
      </StateView>
    </View>
  );
}
