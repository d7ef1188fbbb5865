import { DeskPage } from '../../components/desk-page';
import { OwnerLookupEntry } from '../../components/owner-lookup-entry';
import { InvoicesEntry } from '@/components/invoice-request';
import { PayIssuesEntry } from '@/components/pay-issues-entry';
import { GrowthEntry } from '@/components/growth-entry';

export default function CashierHomePage() {
  return (
    <DeskPage title="收费工作台" calls fees charge top={<OwnerLookupEntry />}>
      <PayIssuesEntry />
      <InvoicesEntry />
      <GrowthEntry />
    </DeskPage>
  );
}
