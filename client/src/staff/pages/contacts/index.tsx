import { useState } from 'react';
import { Button, View } from '@tarojs/components';
import type { ContactView } from '@shared/contracts/desk-log.contract';
import { localDay } from '@shared/domain/calendar';
import { CONTACT_KINDS, CONTACT_KIND_LABELS, type ContactKind } from '@shared/domain/desk-log';
import { routes } from '@shared/routes';
import { call } from '@/services/cloud';
import { openPage } from '@/services/navigation';
import { toast } from '@/services/ui';
import { useSession } from '@/hooks/use-session';
import { usePaged } from '@/hooks/use-paged';
import { useSubmit } from '@/hooks/use-submit';
import { PageHeader } from '@/components/page-header';
import { PagedList } from '@/components/paged-list';
import { Choices } from '@/components/choices';
import { FormError } from '@/components/form-field';
import { ContactRow } from '@/components/contact-row';
import { useReloadOnReturn } from '@/components/reload-on-return';

type Tab = 'today' | 'followUp' | 'all';
const TABS: { value: Tab; label: string }[] = [
  { value: 'today', label: '今日' },
  { value: 'followUp', label: '待跟进' },
  { value: 'all', label: '全部' },
];
const ANY = 'any' as const;
const KIND_CHOICES = [{ value: ANY, label: '全部' }, ...CONTACT_KINDS.map((k) => ({ value: k, label: CONTACT_KIND_LABELS[k] }))];
const PAGE_SIZE = 20;

/** 来电来访登记 (agents, cashiers, managers): today's log, open follow-ups first; 登记 a call, a visit or a WeChat message. */
export default function StaffContactsPage() {
  useSession({ required: true });
  const [tab, setTab] = useState<Tab>('today');
  const [kind, setKind] = useState<ContactKind | typeof ANY>(ANY);
  const filter = { ...(tab === 'today' ? { day: localDay(Date.now()) } : {}), ...(tab === 'followUp' ? { followUp: true } : {}), ...(kind !== ANY ? { kind } : {}) };
  const list = usePaged((page) => call('desk', 'contacts', { ...filter, page, pageSize: PAGE_SIZE }), JSON.stringify(filter));
  useReloadOnReturn(list.reload);
  const submit = useSubmit();
  const [closing, setClosing] = useState('');

  const close = async (c: ContactView) => {
    setClosing(c.id);
    const done = await submit.run(() => call('desk', 'closeFollowUp', { contactId: c.id }));
    setClosing('');
    if (!done) return;
    toast('已完成跟进');
    list.reload();
  };

  return (
    <View className="page contacts-page">
      <PageHeader title="来电来访登记" subtitle="记录每一次来电、来访和微信沟通；待跟进的排在最前" />
      <Button className="btn btn--primary contacts-page__new" onClick={() => openPage(routes.staff.contactNew)}>
        登记来电来访
      </Button>
      <View className="card contacts-page__filters">
        <Choices name="contacts-tab" options={TABS} value={tab} onChange={setTab} />
        <Choices name="contacts-kind" options={KIND_CHOICES} value={kind} onChange={setKind} />
      </View>
      <FormError error={submit.error} />
      <PagedList
        list={list}
        name="contacts"
        emptyText={tab === 'followUp' ? '没有待跟进的事项' : tab === 'today' ? '今天还没有登记' : '暂无记录'}
        render={(c) => <ContactRow key={c.id} item={c} onClose={close} busy={closing === c.id} />}
      />
    </View>
  );
}
