import { useState } from 'react';
import { View } from '@tarojs/components';
import { call } from '@/services/cloud';
import { useSession } from '@/hooks/use-session';
import { usePaged } from '@/hooks/use-paged';
import { PageHeader } from '@/components/page-header';
import { PagedList } from '@/components/paged-list';
import { Choices } from '@/components/choices';
import { useReloadOnReturn } from '@/components/reload-on-return';
import { LoanRow, returnLoan } from '@/components/ledger';

type State = 'open' | 'overdue' | 'all';
const TABS: { value: State; label: string }[] = [
  { value: 'open', label: '借出中' },
  { value: 'overdue', label: '已逾期' },
  { value: 'all', label: '全部' },
];

/**
 * 借阅登记 (staff): paper originals lent — keepers (agents, managers) see every loan of the categories
 * they see and record returns; anyone else their own loans. Lending is done on the document's page.
 */
export default function LoanListPage() {
  useSession({ required: true });
  const [state, setState] = useState<State>('open');
  const list = usePaged((page) => call('archives', 'loanList', { state, page, pageSize: 20 }), state);
  useReloadOnReturn(() => list.reload());
  return (
    <View className="page loan-list">
      <PageHeader title="借阅登记" subtitle="档案纸质原件的借出与归还；借出请在档案详情页登记" />
      <View className="tabs">
        <Choices name="tabs" options={TABS} value={state} onChange={setState} />
      </View>
      <View className="card loan-list__items">
        <PagedList
          list={list}
          name="loans"
          emptyText={state === 'overdue' ? '没有逾期未还的原件' : state === 'open' ? '没有借出中的原件' : '暂无借阅记录'}
          render={(l) => (
            <LoanRow
              key={l.id}
              loan={l}
              onReturn={async (x) => {
                if (await returnLoan(x)) list.reload();
              }}
            />
          )}
        />
      </View>
    </View>
  );
}
