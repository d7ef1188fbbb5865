import { useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { chineseDate } from '@shared/domain/calendar';
import { RENOVATION_STATUS_LABELS, RENOVATION_WORK_LABELS } from '@shared/domain/renovation';
import { call } from '@/services/cloud';
import { saveFile } from '@/services/files';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { useSubmit } from '@/hooks/use-submit';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { InfoRow } from '@/components/info-row';
import { FormError } from '@/components/form-field';
import { PassesSection } from '@/components/renovation-permit';
import { useReloadOnReturn } from '@/components/reload-on-return';
import '@/components/renovation-permit.scss';

/**
 * 装修许可证 (owner; owner/pages/renovation-permit/index?id=…): the permit to show on the phone — unit,
 * validity, contractor, the conditions, the working hours (noisy works allowed right now?) — and the
 * workers' 出入证 codes to hand to them; a worker added later gets a pass here; the PDF to print.
 */
export default function RenovationPermitPage() {
  const { params } = useRouter();
  const id = params.id ?? '';
  useSession({ required: true });
  const state = useCloud('renovation', 'permit', { renovationId: id }, { skip: !id });
  useReloadOnReturn(state.reload);
  const v = state.data;
  const printing = useSubmit();
  const print = async () => {
    const file = await printing.run(() => call('renovation', 'permitPdf', { renovationId: id }));
    if (file) await printing.run(() => saveFile({ fileName: file.fileName, contentBase64: file.contentBase64 }));
  };

  return (
    <View className="page renovation-permit-page">
      <PageHeader title="装修许可证" subtitle={v ? `${v.unitLabel} · ${RENOVATION_STATUS_LABELS[v.status]}` : undefined} />
      {!id ? <Text className="muted">缺少装修申请编号，请从“我的装修”进入。</Text> : null}
      <StateView loading={state.loading && !v} error={state.error} onRetry={state.reload}>
        {v && !v.permit ? (
          <View className="card">
            <Text className="muted">装修申请{RENOVATION_STATUS_LABELS[v.status]}，经物业审批后才会核发装修许可证。</Text>
          </View>
        ) : null}
        {v?.permit ? (
          <>
            <View className="card renovation-permit-page__certificate">
              <Text className="renovation-permit-page__title">装修许可证</Text>
              <Text className="renovation-permit-page__no">编号 {v.permit.no}</Text>
              <Text className="renovation-permit-page__unit">{v.unitLabel}</Text>
              <Text className="renovation-permit-page__validity">
                有效期 {chineseDate(v.permit.validFrom)} 至 {chineseDate(v.permit.validTo)}
              </Text>
              <InfoRow label="业主">
                <Text>{v.ownerName}</Text>
              </InfoRow>
              <InfoRow label="施工单位">
                <Text>{[v.contractor.company, v.contractor.foreman, v.contractor.phone].filter(Boolean).join(' · ') || '—'}</Text>
              </InfoRow>
              <InfoRow label="装修项目">
                <Text>{v.works.map((w) => RENOVATION_WORK_LABELS[w]).join('、') || '—'}</Text>
              </InfoRow>
              <InfoRow label="施工条件" className="renovation-permit-page__conditions">
                {v.permit.conditions.length ? (
                  v.permit.conditions.map((c, i) => (
                    <Text key={c} className="renovation-permit__condition">
                      {i + 1}. {c}
                    </Text>
                  ))
                ) : (
                  <Text>按审批的范围和图纸施工</Text>
                )}
              </InfoRow>
              <InfoRow label="施工时间">
                <Text>{v.workingHoursText}</Text>
              </InfoRow>
              <Text className={`renovation-permit-page__noisy ${v.noisyAllowedNow ? 'renovation-permit-page__noisy--yes' : ''}`}>
                {v.noisyAllowedNow ? '现在可以进行噪声作业' : '现在不得进行电钻、切割、敲打等噪声作业'}
              </Text>
              <Text className="muted">
                {v.permit.byName} 批准 · 请将许可证张贴在施工现场入户门上
              </Text>
            </View>
            <FormError error={printing.error} />
            <Button className="btn btn--ghost renovation-permit-page__print" loading={printing.busy} disabled={printing.busy || undefined} onClick={print}>
              下载许可证PDF（打印张贴）
            </Button>
            <Text className="muted renovation-permit-page__hint">把出入证编码发给对应的施工人员，进出小区时出示给门岗核验。</Text>
            <PassesSection renovationId={v.renovationId} permit={v} onChanged={state.reload} />
          </>
        ) : null}
      </StateView>
    </View>
  );
}
