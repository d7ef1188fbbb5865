import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { routes } from '@shared/routes';
import { call } from '@/services/cloud';
import { openPage } from '@/services/navigation';
import { useSession } from '@/hooks/use-session';
import { usePaged } from '@/hooks/use-paged';
import { PageHeader } from '@/components/page-header';
import { PagedList } from '@/components/paged-list';
import { RenovationRow } from '@/components/renovation-row';
import { useReloadOnReturn } from '@/components/reload-on-return';

/** 我的装修 (owner/pages/renovations/index): my units' renovations, newest first; 申请装修 on top. */
export default function MyRenovationsPage() {
  useSession({ required: true });
  const [round, setRound] = useState(0);
  const list = usePaged((page) => call('renovation', 'list', { page, pageSize: 10 }), String(round));
  useReloadOnReturn(() => setRound((r) => r + 1));

  return (
    <View className="page renovations">
      <PageHeader title="我的装修" subtitle="装修前请先申请，经物业审批并领取装修许可证后方可施工" />
      <Button className="btn btn--primary renovations__new" onClick={() => openPage(routes.owner.renovationApply)}>
        申请装修
      </Button>
      <View className="card renovations__guide">
        <Text className="card__title">办理流程</Text>
        <Text className="muted">填写申请 → 业主和施工单位签署承诺书、协议书 → 提交 → 客服审核、经理审批 → 缴纳装修押金等费用 → 领取许可证和出入证开工 → 完工申请验收 → 退还押金。</Text>
      </View>
      <PagedList list={list} name="renovations" emptyText="您还没有装修申请" render={(item) => <RenovationRow key={item.id} item={item} onClick={() => openPage(routes.owner.renovation, { id: item.id })} />} />
    </View>
  );
}
