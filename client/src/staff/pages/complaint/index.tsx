import { useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import type { ComplaintAction, ComplaintDetail } from '@shared/contracts/complaints.contract';
import { COMPLAINT_CATEGORY_LABELS, COMPLAINT_CHANNEL_LABELS, COMPLAINT_STAGE_OF, COMPLAINT_VALIDITY_LABELS, type ComplaintStage, type ComplaintStatus } from '@shared/domain/complaints';
import { routes } from '@shared/routes';
import { formatTime } from '@shared/domain/calendar';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { openPage } from '@/services/navigation';
import { dial, toast } from '@/services/ui';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { InfoRow } from '@/components/info-row';
import { RepairPhotos } from '@/components/repair-photos';
import { ComplaintDeadlineLine, ComplaintFollowUpCard, ComplaintMarks, ComplaintReplyCard, ComplaintStatusTag, ComplaintTimeline } from '@/components/complaint-tags';
import { ScriptPanel } from '@/components/script-panel';
import { CloseForm, FollowupForm, HandlerForm, InvestigateForm, ReplyForm } from '../../components/complaint-actions';
import { ComplaintAboutUnit } from '../../components/complaint-about-unit';

/** The 话术 stage of a complaint's state: the stage running now (回访 while waiting for it). */
const scriptStage = (status: ComplaintStatus): ComplaintStage | undefined => COMPLAINT_STAGE_OF[status] ?? (status === 'followup' ? 'followup' : undefined);

type Panel = 'accept' | 'assign' | 'investigate' | 'reply' | 'followup' | 'close';

const BUTTONS: { action: Panel; label: string; primary: boolean }[] = [
  { action: 'accept', label: '受理', primary: true },
  { action: 'investigate', label: '开始调查', primary: false },
  { action: 'reply', label: '书面答复', primary: true },
  { action: 'followup', label: '记录回访', primary: true },
  { action: 'close', label: '结案', primary: true },
  { action: 'assign', label: '转交', primary: false },
];

const DONE_TOAST: Record<Panel, string> = {
  accept: '已受理',
  assign: '已转交',
  investigate: '已开始调查',
  reply: '已答复业主',
  followup: '已记录回访',
  close: '已结案',
};

/**
 * 投诉详情 for staff (staff/pages/complaint/index?id=…): the complaint, its deadline, the owner to
 * call, the reply and follow-up, the history, and the buttons the server allows now (`actions`).
 */
export default function StaffComplaintPage() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const session = useSession({ required: true });
  const complaint = useCloud('complaints', 'get', { complaintId: id }, { skip: !id });
  const [panel, setPanel] = useState<Panel | null>(null);
  const detail = complaint.data;
  const can = (a: ComplaintAction) => !!detail?.actions.includes(a);

  const done = (action: Panel) => (next: ComplaintDetail) => {
    complaint.set(next);
    setPanel(null);
    toast(action === 'followup' && next.status === 'reopened' ? '已记录，投诉将重新处理' : DONE_TOAST[action]);
  };
  const forms = detail
    ? {
        onCancel: () => setPanel(null),
        complaint: detail,
      }
    : undefined;

  return (
    <View className="page complaint-page complaint-staff">
      <PageHeader title={detail ? `${COMPLAINT_CATEGORY_LABELS[detail.category]} · ${detail.location}` : '投诉详情'} subtitle={detail ? `投诉编号 ${detail.caseNo}` : undefined} />
      {!id ? <Text className="muted">缺少投诉编号，请从投诉列表进入。</Text> : null}
      <StateView loading={complaint.loading && !detail} error={complaint.error} onRetry={complaint.reload}>
        {detail && forms ? (
          <>
            <View className="card complaint-staff__summary">
              <View className="complaint-row__main">
                <ComplaintStatusTag status={detail.status} />
                <Text className="muted">
                  {COMPLAINT_CHANNEL_LABELS[detail.channel]} · {formatTime(detail.createdAt)}
                </Text>
              </View>
              <Text className="complaint-staff__description">{detail.description}</Text>
              {detail.deadline ? <ComplaintDeadlineLine deadline={detail.deadline} /> : null}
              <ComplaintMarks item={detail} />
            </View>

            {detail.actions.length > 0 || panel ? (
              <View className="card complaint-actions complaint-staff__actions">
                {panel === null ? (
                  <View className="complaint-actions__buttons">
                    {BUTTONS.filter((b) => can(b.action)).map((b) => (
                      <Button key={b.action} className={`btn ${b.primary ? 'btn--primary' : 'btn--ghost'} complaint-staff__${b.action}`} size="mini" onClick={() => setPanel(b.action)}>
                        {b.label}
                      </Button>
                    ))}
                  </View>
                ) : null}
                {panel === 'accept' || panel === 'assign' ? <HandlerForm {...forms} kind={panel} myId={session?.me.userId ?? ''} onDone={done(panel)} /> : null}
                {panel === 'investigate' ? <InvestigateForm {...forms} onDone={done('investigate')} /> : null}
                {panel === 'reply' ? <ReplyForm {...forms} onDone={done('reply')} /> : null}
                {panel === 'followup' ? <FollowupForm {...forms} onDone={done('followup')} /> : null}
                {panel === 'close' ? <CloseForm {...forms} onDone={done('close')} /> : null}
              </View>
            ) : null}

            <View className="card complaint-staff__info">
              <Text className="card__title">投诉信息</Text>
              <InfoRow label="投诉人" className="complaint-info complaint-info--contact">
                <View className="complaint-row__main">
                  <Text className="complaint-staff__contact-name">{detail.contactName}</Text>
                  <Text className="link complaint-staff__phone" onClick={() => dial(detail.contactPhone)}>
                    {detail.contactPhone} 拨打
                  </Text>
                </View>
              </InfoRow>
              <InfoRow label="涉及房屋" className="complaint-info complaint-info--location">
                <Text>{detail.location}</Text>
              </InfoRow>
              <InfoRow label="类别" className="complaint-info complaint-info--category">
                <Text>{COMPLAINT_CATEGORY_LABELS[detail.category]}</Text>
              </InfoRow>
              <InfoRow label="负责人" className="complaint-info complaint-info--handler">
                <Text className={detail.handlerName ? '' : 'muted'}>{detail.handlerName ?? '尚未受理'}</Text>
              </InfoRow>
              {detail.validity ? (
                <InfoRow label="投诉判定" className="complaint-info complaint-info--validity">
                  <Text>{COMPLAINT_VALIDITY_LABELS[detail.validity]}</Text>
                </InfoRow>
              ) : null}
              {detail.relatedRepair ? (
                <InfoRow label="相关报修单" className="complaint-info complaint-info--repair">
                  <Text className="link complaint-staff__repair" onClick={() => openPage(routes.staff.repair, { id: detail.relatedRepair?.id ?? '' })}>
                    {detail.relatedRepair.orderNo} ›
                  </Text>
                </InfoRow>
              ) : null}
              {detail.relatedBill ? (
                <InfoRow label="相关账单" className="complaint-info complaint-info--bill">
                  <Text>{detail.relatedBill.label}</Text>
                </InfoRow>
              ) : null}
              <ComplaintAboutUnit complaint={detail} onChanged={complaint.set} />
              <InfoRow label="照片" className="complaint-info complaint-info--photos">
                <RepairPhotos photos={detail.photos} name="complaint" emptyText="未上传照片" />
              </InfoRow>
              {detail.reopenCount > 0 ? <Text className="danger complaint-staff__reopened">业主不满意，已重新处理 {detail.reopenCount} 次</Text> : null}
            </View>

            <ScriptPanel
              context={{ context: 'complaint', category: detail.category, ...(scriptStage(detail.status) ? { stage: scriptStage(detail.status) } : {}) }}
              fill={{ 业主称呼: detail.contactName, ...(session ? { 员工姓名: session.me.name } : {}) }}
            />

            {detail.reply ? <ComplaintReplyCard reply={detail.reply} validity={detail.validity} /> : null}
            {detail.followUp ? <ComplaintFollowUpCard followUp={detail.followUp} /> : null}

            <View className="card complaint-staff__history">
              <Text className="card__title">处理记录</Text>
              <ComplaintTimeline history={detail.history} />
            </View>
          </>
        ) : null}
      </StateView>
    </View>
  );
}
