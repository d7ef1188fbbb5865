import { useState } from 'react';
import { Button, Image, Input, Picker, Text, Textarea, View } from '@tarojs/components';
import type { BoardSummary, PostingView } from '@shared/contracts/life-boards.contract';
import type { UploadedFile } from '@shared/contracts/files.contract';
import { addDays, chineseDate, localDay } from '@shared/domain/calendar';
import { POSTING_KIND_LABELS, POSTING_STATE_LABELS, POSTING_TEXT_MAX, POSTING_TITLE_MAX, type PostingKind } from '@shared/domain/life';
import { call } from '../services/cloud';
import { toast } from '../services/ui';
import { useSubmit } from '../hooks/use-submit';
import { Choices, choicesOf } from './choices';
import { Field, FormError } from './form-field';
import { PhotoPicker } from './photo-picker';
import { newRequestId } from './repair-format';

const shortDay = (day: string) => chineseDate(day).replace(/^\d{4}年/, '');

/** A board in the lists: name, where, what is up, expired postings flagged. */
export function BoardRow({ board, onOpen }: { board: BoardSummary; onOpen: (id: string) => void }) {
  return (
    <View className={`card card--link board-row board-row--${board.status}`} onClick={() => onOpen(board.id)}>
      <View className="board-row__head">
        <Text className="board-row__name">{board.name}</Text>
        <View className="board-tags">
          {board.status === 'retired' ? <Text className="board-tag board-tag--retired">已停用</Text> : null}
          {board.expired ? <Text className="board-tag board-tag--expired board-row__expired">{board.expired} 份到期待撤下</Text> : null}
          {board.status === 'active' && !board.current ? <Text className="board-tag board-tag--empty">暂无张贴</Text> : null}
          {board.current ? <Text className="board-tag board-tag--current">张贴中 {board.current}</Text> : null}
        </View>
      </View>
      <Text className="muted board-row__where">
        {board.buildingName ?? '小区公共区域'}
        {board.location ? ` · ${board.location}` : ''}
      </Text>
      {board.currentTitles.length ? (
        <View className="board-row__titles">
          {board.currentTitles.map((t, i) => (
            <Text key={i} className="board-row__title">
              · {t}
            </Text>
          ))}
        </View>
      ) : null}
    </View>
  );
}

/** A posting: title, kind, dates, state; 撤下 while it is up. */
export function PostingRow({ posting, onTakeDown, showBoard }: { posting: PostingView; onTakeDown?: (p: PostingView) => void; showBoard?: boolean }) {
  const p = posting;
  return (
    <View className={`posting-row posting-row--${p.state}`}>
      <View className="posting-row__head">
        <Text className="posting-row__title">{p.title}</Text>
        <Text className={`board-tag board-tag--${p.state}`}>{POSTING_STATE_LABELS[p.state]}</Text>
      </View>
      <Text className="muted posting-row__meta">
        {showBoard ? `${p.boardName} · ` : ''}
        {POSTING_KIND_LABELS[p.kind]} · {shortDay(p.postedOn)} 至 {shortDay(p.removeOn)} · {p.byName}
        {p.state === 'removed' && p.removedByName ? ` · ${p.removedByName}已撤下` : ''}
      </Text>
      {p.text ? <Text className="posting-row__text">{p.text}</Text> : null}
      {p.photos[0] ? <Image className="posting-row__photo" src={p.photos[0].url} mode="aspectFill" /> : null}
      {onTakeDown && p.state !== 'removed' ? (
        <View className="posting-row__actions">
          <Button className={`btn ${p.state === 'expired' ? 'btn--danger' : 'btn--ghost'} posting-row__take-down`} size="mini" onClick={() => onTakeDown(p)}>
            撤下
          </Button>
        </View>
      ) : null}
    </View>
  );
}

/** 撤下 a posting (a confirm-free tap: taking down again is harmless). */
export async function takeDown(p: PostingView): Promise<PostingView | undefined> {
  try {
    const next = await call('life', 'boardTakeDown', { postingId: p.id });
    toast('已撤下');
    return next;
  } catch (e) {
    toast((e as Error).message);
    return undefined;
  }
}

const KINDS = choicesOf(POSTING_KIND_LABELS);
const FIELDS = ['boardIds', 'title', 'text', 'postedOn', 'removeOn', 'kind', 'photoIds'] as const;

interface PostFormProps {
  /** The boards to choose from (several: 贴到宣传栏 of a notice) — or one board, chosen already. */
  boards: BoardSummary[];
  /** Posting a notice: its id and title (the title is the notice's). */
  notice?: { id: string; title: string };
  onDone: (made: PostingView[]) => void;
  onClose?: () => void;
}

/**
 * 新增张贴 / 贴到宣传栏: the boards (one or more), what (a notice's title, or a poster / reminder
 * typed here), the posting and removal dates (removal ≥ posting), a photo of it on the board.
 */
export function PostingForm({ boards, notice, onDone, onClose }: PostFormProps) {
  const [requestId] = useState(() => newRequestId('board-post'));
  const [chosen, setChosen] = useState<string[]>(boards.length === 1 ? [boards[0].id] : []);
  const [kind, setKind] = useState<PostingKind>(notice ? 'notice' : 'tip');
  const [title, setTitle] = useState('');
  const [text, setText] = useState('');
  const [postedOn, setPostedOn] = useState(() => localDay(Date.now()));
  const [removeOn, setRemoveOn] = useState(() => addDays(localDay(Date.now()), 14));
  const [photos, setPhotos] = useState<UploadedFile[]>([]);
  const submit = useSubmit();
  const errors = submit.fieldErrors;

  const toggle = (id: string) => submit.edited('boardIds', setChosen)(chosen.includes(id) ? chosen.filter((x) => x !== id) : [...chosen, id]);

  const save = async () => {
    const found: Record<string, string> = {};
    if (!chosen.length) found.boardIds = '请选择宣传栏';
    if (!notice && !title.trim()) found.title = '请填写张贴标题';
    if (removeOn < postedOn) found.removeOn = '撤下日期不能早于张贴日期';
    if (Object.keys(found).length) return submit.fail(found);
    const made = await submit.run(() =>
      call('life', 'boardPost', {
        requestId,
        boardIds: chosen,
        kind: notice ? 'notice' : kind,
        ...(notice ? { noticeId: notice.id } : { title: title.trim() }),
        ...(text.trim() ? { text: text.trim() } : {}),
        postedOn,
        removeOn,
        photoIds: photos.map((p) => p.id),
      }),
    );
    if (!made) return;
    toast(`已张贴 ${made.length} 处`);
    onDone(made);
  };

  return (
    <View className={`${notice ? 'posting-form--notice' : 'card'} posting-form`}>
      <Text className="card__title">{notice ? '贴到宣传栏' : '新增张贴'}</Text>
      {boards.length > 1 || !boards.length ? (
        <Field label="宣传栏" name="boards" required error={errors.boardIds} hint={boards.length ? '可多选：同一份通知贴到几个宣传栏' : '还没有宣传栏：请先在“宣传栏”添加'}>
          <View className="board-picker">
            {boards.map((b) => (
              <View key={b.id} className={`choice ${chosen.includes(b.id) ? 'choice--active' : ''} posting-form__board`} onClick={() => toggle(b.id)}>
                <Text>{b.name}</Text>
              </View>
            ))}
          </View>
        </Field>
      ) : null}
      {notice ? (
        <Field label="张贴内容" name="notice">
          <Text className="posting-form__notice">{notice.title}</Text>
        </Field>
      ) : (
        <>
          <Field label="类型" name="kind" error={errors.kind}>
            <Choices name="posting-kind" options={KINDS} value={kind} onChange={setKind} />
          </Field>
          <Field label="标题" name="title" required error={errors.title}>
            <Input className="input posting-form__title" value={title} maxlength={POSTING_TITLE_MAX} placeholder="如：迎新春游园活动海报、冬季防火温馨提示" onInput={(e) => submit.edited('title', setTitle)(e.detail.value)} />
          </Field>
        </>
      )}
      <Field label="备注" name="text" error={errors.text}>
        <Textarea className="textarea posting-form__text" value={text} maxlength={POSTING_TEXT_MAX} placeholder="张贴内容摘要或说明（可不填）" onInput={(e) => setText(e.detail.value)} />
      </Field>
      <Field label="张贴日期" name="posted-on" required error={errors.postedOn}>
        <Picker mode="date" value={postedOn} onChange={(e) => submit.edited('postedOn', setPostedOn)(String(e.detail.value))}>
          <View className="input posting-form__posted-on">{postedOn}</View>
        </Picker>
      </Field>
      <Field label="撤下日期" name="remove-on" required error={errors.removeOn} hint="到期后周检会列出，提醒撤下">
        <Picker mode="date" value={removeOn} start={postedOn} onChange={(e) => submit.edited('removeOn', setRemoveOn)(String(e.detail.value))}>
          <View className="input posting-form__remove-on">{removeOn}</View>
        </Picker>
      </Field>
      <Field label="现场照片" name="photo" error={errors.photoIds}>
        <PhotoPicker name="posting" value={photos} onChange={setPhotos} max={1} />
      </Field>
      <FormError error={submit.error} shownFields={FIELDS} />
      <View className="form-buttons">
        {onClose ? (
          <Button className="btn btn--ghost posting-form__cancel" onClick={onClose}>
            取消
          </Button>
        ) : null}
        <Button className="btn btn--primary posting-form__submit" loading={submit.busy} disabled={submit.busy || undefined} onClick={save}>
          确认张贴
        </Button>
      </View>
    </View>
  );
}
