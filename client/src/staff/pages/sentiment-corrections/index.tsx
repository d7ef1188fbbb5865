import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import type { CorrectionStatus, CorrectionView, ProposalPreview } from '@shared/contracts/sentiment-lexicon.contract';
import { SENTIMENT_LEVEL_LABELS } from '@shared/domain/sentiment';
import { entryProblem, type LexiconEntry } from '@shared/domain/sentiment-lexicon';
import { formatTime } from '@shared/domain/calendar';
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
import { useReloadOnReturn } from '@/components/reload-on-return';
import { LevelTag } from '@/components/sentiment-tags';
import { LexiconEntryForm, entryFieldErrors } from '../../components/lexicon-entry-form';
import { CORRECTION_KIND_LABELS, CORRECTION_STATUS_LABELS, ErrorText, PhraseText, entryDetails, topicsText } from '../../components/sentiment-lexicon-format';
import '../../components/sentiment-lexicon.scss';

const TABS: { value: CorrectionStatus; label: string }[] = (['pending', 'accepted', 'rejected'] as const).map((s) => ({ value: s, label: CORRECTION_STATUS_LABELS[s] }));
const PAGE_SIZE = 10;

/** Before → after of one message the entry changes. */
function PreviewResult({ preview }: { preview: ProposalPreview }) {
  return (
    <View className="lexicon-preview">
      <Text className={`lexicon-preview__fixes ${preview.fixesMessage ? 'lexicon-preview__fixes--yes' : 'lexicon-preview__fixes--no'}`}>
        {preview.fixesMessage ? '本条消息将被纠正 ✓' : '本条消息不会被纠正 ✗'}
      </Text>
      <Text className="muted lexicon-preview__summary">
        检查了本小区最近 {preview.checked} 条消息，{preview.changes.length + preview.moreChanges > 0 ? `${preview.changes.length + preview.moreChanges} 条的判断会改变` : '其他消息的判断都不变'}
      </Text>
      {preview.changes.map((c) => (
        <View key={c.messageId} className="lexicon-preview__change">
          <Text className="lexicon-preview__text">{c.text}</Text>
          <View className="lexicon-preview__verdicts">
            <LevelTag level={c.before.level} />
            <Text className="muted">{topicsText(c.before.topics)}</Text>
            <Text className="lexicon-preview__arrow">→</Text>
            <LevelTag level={c.after.level} />
            <Text className="muted">{topicsText(c.after.topics)}</Text>
          </View>
          <Text className="muted lexicon-preview__meta">
            {c.groupName} · {formatTime(c.sentAt)}
          </Text>
        </View>
      ))}
      {preview.moreChanges > 0 ? <Text className="muted">另有 {preview.moreChanges} 条未列出</Text> : null}
    </View>
  );
}

/** A pending correction's review: the proposed entry (editable), 预览影响, 采纳 / 不采纳. */
function Review({ item, onReviewed }: { item: CorrectionView; onReviewed: (next: CorrectionView) => void }) {
  const [entry, setEntry] = useState<LexiconEntry>(item.proposal);
  const [preview, setPreview] = useState<ProposalPreview>();
  const [rejecting, setRejecting] = useState(false);
  const [note, setNote] = useState('');
  const previewing = useSubmit();
  const review = useSubmit();
  const local = entryProblem(entry);

  const edit = (next: LexiconEntry) => {
    setEntry(next);
    setPreview(undefined);
    previewing.clear();
    review.clear();
  };
  const runPreview = async () => {
    if (local) return previewing.fail(entryFieldErrors(local));
    const res = await previewing.run(() => call('sentiment', 'previewEntry', { entry, correctionId: item.id }));
    if (res) setPreview(res);
  };
  const decide = async (decision: 'accept' | 'reject') => {
    if (decision === 'accept' && local) return review.fail(entryFieldErrors(local));
    const next = await review.run(() =>
      call('sentiment', 'reviewCorrection', { correctionId: item.id, decision, ...(decision === 'accept' ? { entry } : {}), ...(note.trim() ? { note: note.trim() } : {}) }),
    );
    if (next) {
      toast(decision === 'accept' ? '已采纳，本小区词库已更新' : '已标记为不采纳');
      onReviewed(next);
    }
  };

  return (
    <View className="lexicon-review">
      <Text className="lexicon-review__title">建议加入本小区词库</Text>
      <LexiconEntryForm name="proposal" value={entry} onChange={edit} errors={{ ...previewing.fieldErrors, ...review.fieldErrors }} />
      <ErrorText error={previewing.error} />
      {preview ? <PreviewResult preview={preview} /> : null}
      {rejecting ? (
        <View className="lexicon-review__reject">
          <Input className="input lexicon-review__note" value={note} maxlength={200} placeholder="不采纳的原因（选填）" onInput={(e) => setNote(e.detail.value)} />
        </View>
      ) : null}
      <ErrorText error={review.error} />
      <View className="form-buttons lexicon-review__buttons">
        {rejecting ? (
          <>
            <Button className="btn btn--ghost lexicon-review__back" size="mini" onClick={() => setRejecting(false)}>
              返回
            </Button>
            <Button className="btn btn--danger lexicon-review__reject-confirm" size="mini" loading={review.busy} disabled={review.busy || undefined} onClick={() => decide('reject')}>
              确认不采纳
            </Button>
          </>
        ) : (
          <>
            <Button className="btn btn--ghost lexicon-review__preview" size="mini" loading={previewing.busy} disabled={previewing.busy || undefined} onClick={runPreview}>
              预览影响
            </Button>
            <Button className="btn btn--ghost lexicon-review__reject-open" size="mini" onClick={() => setRejecting(true)}>
              不采纳
            </Button>
            <Button className="btn btn--primary lexicon-review__accept" size="mini" loading={review.busy} disabled={review.busy || undefined} onClick={() => decide('accept')}>
              采纳
            </Button>
          </>
        )}
      </View>
    </View>
  );
}

function CorrectionCard({ item, manager, onReviewed }: { item: CorrectionView; manager: boolean; onReviewed: (next: CorrectionView) => void }) {
  return (
    <View className={`card lexicon-correction lexicon-correction--${item.status}`} data-id={item.id}>
      <View className="lexicon-correction__head">
        <Text className={`tag lexicon-kind lexicon-kind--${item.kind}`}>{CORRECTION_KIND_LABELS[item.kind]}</Text>
        <Text className="lexicon-correction__group">{item.groupName}</Text>
        <Text className={`tag tag--${item.status === 'pending' ? 'pending' : item.status === 'accepted' ? 'approved' : 'rejected'}`}>{CORRECTION_STATUS_LABELS[item.status]}</Text>
      </View>
      <PhraseText text={item.text} phrase={item.phrase} className="lexicon-correction__text" />
      <View className="lexicon-correction__verdict">
        <Text className="muted">系统判断：</Text>
        <LevelTag level={item.verdict.level} />
        <Text className="muted">{topicsText(item.verdict.topics)}</Text>
      </View>
      <Text className="muted lexicon-correction__lexicon">词库：{item.verdict.lexicon}</Text>
      {item.expected.level || item.expected.topics?.length ? (
        <Text className="lexicon-correction__expected">
          应为：{[item.expected.level ? SENTIMENT_LEVEL_LABELS[item.expected.level] : '', item.expected.topics?.length ? topicsText(item.expected.topics) : ''].filter(Boolean).join(' · ')}
        </Text>
      ) : null}
      {item.note ? <Text className="lexicon-correction__note">备注：{item.note}</Text> : null}
      <Text className="muted lexicon-correction__by">
        {item.byName} · {formatTime(item.at)}
      </Text>
      {item.status === 'pending' && manager ? (
        <Review item={item} onReviewed={onReviewed} />
      ) : (
        <View className="lexicon-correction__proposal">
          <Text className="muted">{item.status === 'pending' ? '建议词条（待经理审核）：' : item.status === 'accepted' ? '已加入词库：' : '建议词条：'}</Text>
          <Text className="lexicon-correction__entry">
            「{item.proposal.text}」{entryDetails(item.proposal)}
          </Text>
          {item.reviewedAt ? (
            <Text className="muted lexicon-correction__reviewed">
              {item.reviewedByName ?? ''} {formatTime(item.reviewedAt)} 审核{item.reviewNote ? `：${item.reviewNote}` : ''}
            </Text>
          ) : null}
        </View>
      )}
    </View>
  );
}

/**
 * 词库纠正 (managers review; agents read): staff's corrections of the engine by status. A pending
 * one shows the message with the tapped phrase, what the engine said and with which lexicon, and
 * the proposed entry — editable, 预览影响 on the community's own history, 采纳 / 不采纳.
 */
export default function SentimentCorrectionsPage() {
  const session = useSession({ required: true });
  const manager = !!session?.me.roles.includes('manager');
  const [tab, setTab] = useState<CorrectionStatus>('pending');
  const list = usePaged((page) => call('sentiment', 'corrections', { status: tab, page, pageSize: PAGE_SIZE }), tab);
  useReloadOnReturn(list.reload);

  const reviewed = (next: CorrectionView) => list.update((items) => items.filter((i) => i.id !== next.id), -1);

  return (
    <View className="page sentiment-page lexicon-page sentiment-corrections">
      <PageHeader title="词库纠正" subtitle={manager ? '员工标记的漏报、误报，采纳后加入本小区词库，下一条消息即生效' : '您和同事标记的漏报、误报，由经理审核'} />
      <View className="sentiment-toolbar">
        <Button className="btn btn--ghost sentiment-corrections__lexicon" size="mini" onClick={() => openPage(routes.staff.sentimentLexicon)}>
          本小区词库
        </Button>
        <Button className="btn btn--ghost sentiment-corrections__incidents" size="mini" onClick={() => openPage(routes.staff.incidents)}>
          舆情事件
        </Button>
      </View>
      <Choices name="correction-tab" options={TABS} value={tab} onChange={setTab} />
      <PagedList
        list={list}
        name="corrections"
        emptyText={tab === 'pending' ? '暂无待审核的纠正。在舆情事件或群消息上点“纠正”即可标记' : tab === 'accepted' ? '暂无已采纳的纠正' : '暂无未采纳的纠正'}
        render={(item) => <CorrectionCard key={item.id} item={item} manager={manager} onReviewed={reviewed} />}
      />
    </View>
  );
}
