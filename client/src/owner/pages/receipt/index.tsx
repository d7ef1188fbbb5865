import { useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import type { InvoiceRequestView, ReceiptView } from '@shared/contracts/fees.contract';
import { formatTime } from '@shared/domain/calendar';
import { PAYMENT_METHOD_LABELS } from '@shared/domain/fees';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { useSubmit } from '@/hooks/use-submit';
import { call } from '@/services/cloud';
import { saveFile } from '@/services/files';
import { toast } from '@/services/ui';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { FormError } from '@/components/form-field';
import { ReceiptPaper } from '@/components/receipt-paper';
import { InvoiceRequestForm, InvoiceStatusTag, invoiceTitleText } from '@/components/invoice-request';
import '@/components/receipt.scss';

/** What the owner reads about the invoice of this payment: none yet, asked, issued (with the number), sent back (with the reason). */
function InvoiceState({ invoice }: { invoice: InvoiceRequestView }) {
  return (
    <View className="invoice-request">
      <Text className="invoice-request__line">{invoiceTitleText(invoice)}</Text>
      {invoice.taxNo ? <Text className="invoice-request__line">税号：{invoice.taxNo}</Text> : null}
      {invoice.email ? <Text className="invoice-request__line">接收邮箱：{invoice.email}</Text> : null}
      <Text className="invoice-request__line muted">申请时间：{formatTime(invoice.requestedAt)}</Text>
      {invoice.status === 'requested' ? <Text className="invoice-request__line muted">收费员开具后会通知您</Text> : null}
      {invoice.status === 'issued' ? (
        <>
          <Text className="invoice-request__line receipt-page__invoice-no">发票号码：{invoice.invoiceNo}</Text>
          {invoice.decidedAt ? <Text className="invoice-request__line muted">开具时间：{formatTime(invoice.decidedAt)}</Text> : null}
        </>
      ) : null}
      {invoice.status === 'rejected' ? <Text className="invoice-request__reason receipt-page__invoice-reason">退回原因：{invoice.rejectReason}</Text> : null}
    </View>
  );
}

/**
 * 电子收据 (owner/pages/receipt/index?unitId=…&paymentId=…): a payment's receipt laid out like the
 * paper one, 下载 PDF (H5) / 转发 PDF (WeChat), and the invoice: 申请发票 (owners), its state
 * (已申请 / 已开具 with the number / 已退回 with the reason, then 重新申请). Staff opening a receipt
 * from a unit's account see the same page without the form.
 */
export default function ReceiptPage() {
  const { params } = useRouter();
  const unitId = params.unitId ?? '';
  const paymentId = params.paymentId ?? '';
  const session = useSession({ required: true });
  const receipt = useCloud('fees', 'receipt', { unitId, paymentId }, { skip: !unitId || !paymentId });
  const pdf = useSubmit();
  const [asking, setAsking] = useState(false);

  const r: ReceiptView | undefined = receipt.data;
  const owner = Boolean(session?.me.roles.includes('owner') && session.me.unitIds.includes(unitId));
  const invoice = r?.invoice;
  const netFen = r ? r.amountFen - r.refundedFen : 0;
  const canAsk = owner && netFen > 0 && (!invoice || invoice.status === 'rejected');

  const savePdf = () =>
    pdf.run(async () => {
      const file = await call('fees', 'receiptPdf', { unitId, paymentId });
      await saveFile({ fileName: file.fileName, contentBase64: file.contentBase64 });
    });
  const asked = (made: InvoiceRequestView) => {
    if (r) receipt.set({ ...r, invoice: made });
    setAsking(false);
    toast('已提交发票申请');
  };

  return (
    <View className="page receipt-page">
      <PageHeader title="电子收据" subtitle={r ? `${r.unitLabel} · ${PAYMENT_METHOD_LABELS[r.method]}缴费` : undefined} />
      {!unitId || !paymentId ? <Text className="muted">缺少缴费记录参数</Text> : null}
      <StateView loading={receipt.loading && !r} error={receipt.error} onRetry={receipt.reload}>
        {r ? (
          <>
            <ReceiptPaper receipt={r} />
            <View className="receipt-page__actions">
              <Button className="btn btn--primary receipt-page__pdf" loading={pdf.busy} disabled={pdf.busy || undefined} onClick={savePdf}>
                {process.env.TARO_ENV === 'h5' ? '下载PDF' : '转发PDF'}
              </Button>
            </View>
            <FormError error={pdf.error} />

            <View className="card receipt-page__invoice">
              <View className="receipt-page__invoice-head">
                <Text className="card__title">发票</Text>
                {invoice ? <InvoiceStatusTag status={invoice.status} /> : null}
              </View>
              {invoice ? <InvoiceState invoice={invoice} /> : !asking ? <Text className="muted receipt-page__no-invoice">{netFen > 0 ? '尚未申请发票' : '该笔缴费已全额退款，无需开具发票'}</Text> : null}
              {asking ? (
                <InvoiceRequestForm unitId={unitId} paymentId={paymentId} amountFen={netFen} onDone={asked} onCancel={() => setAsking(false)} />
              ) : canAsk ? (
                <Button className="btn btn--ghost receipt-page__ask" onClick={() => setAsking(true)}>
                  {invoice ? '重新申请发票' : '申请发票'}
                </Button>
              ) : null}
            </View>
          </>
        ) : null}
      </StateView>
    </View>
  );
}
