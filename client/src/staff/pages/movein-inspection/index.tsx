import { useMemo, useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { Button, Image, Text, Textarea, View } from '@tarojs/components';
import type { UploadedFile } from '@shared/contracts/files.contract';
import type { MoveInPaperPhotos } from '@shared/contracts/movein-inspection.contract';
import { formatTime } from '@shared/domain/calendar';
import {
  INSPECTION_ITEM_LABELS,
  INSPECTION_ROOM_LABELS,
  INSPECTION_ROOMS,
  MAX_DEFECT_PHOTOS,
  MOVEIN_STATUS_LABELS,
  PAPER_KIND_LABELS,
  ROOM_ITEMS,
  type InspectionItem,
  type InspectionRoom,
} from '@shared/domain/movein';
import { routes } from '@shared/routes';
import { useCloud } from '@/hooks/use-cloud';
import { useSession } from '@/hooks/use-session';
import { useSubmit } from '@/hooks/use-submit';
import { call, toCloudError } from '@/services/cloud';
import { openPage } from '@/services/navigation';
import { photoSrc, previewPhotos } from '@/services/photos';
import { toast } from '@/services/ui';
import { Choices } from '@/components/choices';
import { FormError } from '@/components/form-field';
import { PageHeader } from '@/components/page-header';
import { PhotoPicker } from '@/components/photo-picker';
import { StateView } from '@/components/state-view';
import { DefectRow } from '@/components/movein-defects';
import { newRequestId } from '@/components/repair-format';
import '@/components/movein-inspection.scss';

/** An item's mark in the form: not checked yet, OK, or a defect (what and photos). */
interface Mark {
  ok: boolean;
  description: string;
  photos: UploadedFile[];
}
type Marks = Partial<Record<string, Mark>>;
const keyOf = (room: InspectionRoom, item: InspectionItem) => `${room}:${item}`;
const ROOM_OPTIONS = INSPECTION_ROOMS.map((r) => ({ value: r, label: INSPECTION_ROOM_LABELS[r] }));
/** The rooms most flats have, chosen when the form opens. */
const USUAL_ROOMS: InspectionRoom[] = ['entrance', 'livingRoom', 'diningRoom', 'masterBedroom', 'secondBedroom', 'kitchen', 'bathroom', 'balcony'];

/** The owner's papers: kind, who, when; the photos only on 查看 (links that expire within minutes). */
function Papers({ moveInId }: { moveInId: string }) {
  const list = useCloud('movein', 'papers', { moveInId });
  const [open, setOpen] = useState<Record<string, MoveInPaperPhotos>>({});
  const [error, setError] = useState('');
  const show = async (paperId: string) => {
    setError('');
    try {
      const photos = await call('movein', 'paperPhotos', { paperId });
      setOpen((o) => ({ ...o, [paperId]: photos }));
    } catch (e) {
      setError(toCloudError(e).message);
    }
  };
  const papers = list.data ?? [];
  return (
    <View className="card movein-inspection__papers">
      <Text className="card__title">业主上传的资料</Text>
      <StateView loading={list.loading && !list.data} error={list.error} onRetry={list.reload} empty={papers.length === 0} emptyText="业主尚未上传资料，请现场核对原件">
        {papers.map((p) => {
          const shown = open[p.id];
          return (
            <View key={p.id} className="movein-paper" data-id={p.id}>
              <View className="movein-paper__head">
                <Text className="movein-paper__kind">{PAPER_KIND_LABELS[p.kind]}</Text>
                {shown ? null : (
                  <Button className="btn btn--ghost movein-paper__show" size="mini" onClick={() => show(p.id)}>
                    查看
                  </Button>
                )}
              </View>
              <Text className="muted">
                {p.ownerName} · {p.photoCount} 张 · {formatTime(p.uploadedAt)}
              </Text>
              {shown ? (
                <View className="movein-paper__photos">
                  {shown.photos.map((ph) => (
                    <Image key={ph.id} className="movein-paper__photo" src={photoSrc(ph.url)} mode="aspectFill" onClick={() => previewPhotos(shown.photos.map((x) => x.url), ph.url)} />
                  ))}
                </View>
              ) : null}
            </View>
          );
        })}
      </StateView>
      {error ? <Text className="field__error">{error}</Text> : null}
      <Text className="muted movein-inspection__papers-note">资料仅限办理入住核对使用，请勿截图外传。</Text>
    </View>
  );
}

/**
 * 验房 (staff/pages/movein-inspection/index?id=<case>): walk the flat with the owner room by room;
 * each standard item 合格 or 有问题 (description and photos). Submitting records the round, turns
 * each problem into a 维保 repair order and ticks the checklist's 验房 step; a later round (复验)
 * adds problems. Below: the problems so far with their repairs, and the owner's papers.
 */
export default function MoveInInspectionPage() {
  useSession({ required: true });
  const { params } = useRouter();
  const moveInId = params.id ?? '';
  const res = useCloud('movein', 'inspection', { moveInId }, { skip: !moveInId });
  const submit = useSubmit();
  const [rooms, setRooms] = useState<InspectionRoom[]>(USUAL_ROOMS);
  const [marks, setMarks] = useState<Marks>({});
  const [note, setNote] = useState('');
  const [requestId, setRequestId] = useState(() => newRequestId('insp'));

  const view = res.data;
  const set = (room: InspectionRoom, item: InspectionItem, next: Partial<Mark> | null) =>
    setMarks((m) => {
      const k = keyOf(room, item);
      if (next === null) {
        const { [k]: _gone, ...rest } = m;
        return rest;
      }
      return { ...m, [k]: { ok: true, description: '', photos: [], ...m[k], ...next } };
    });
  const toggleRoom = (room: InspectionRoom) => setRooms((rs) => (rs.includes(room) ? rs.filter((r) => r !== room) : INSPECTION_ROOMS.filter((r) => r === room || rs.includes(r))));
  const allOk = (room: InspectionRoom) => setMarks((m) => ({ ...m, ...Object.fromEntries(ROOM_ITEMS[room].filter((i) => !m[keyOf(room, i)]).map((i) => [keyOf(room, i), { ok: true, description: '', photos: [] }])) }));

  const checks = useMemo(
    () => rooms.flatMap((room) => ROOM_ITEMS[room].flatMap((item) => (marks[keyOf(room, item)] ? [{ room, item, mark: marks[keyOf(room, item)]! }] : []))),
    [rooms, marks],
  );
  const unchecked = rooms.reduce((n, room) => n + ROOM_ITEMS[room].filter((i) => !marks[keyOf(room, i)]).length, 0);
  const defects = checks.filter((c) => !c.mark.ok);

  const send = async () => {
    const problems: Record<string, string> = {};
    if (!checks.length) problems.checks = '请至少检查一项';
    for (const d of defects) {
      const k = keyOf(d.room, d.item);
      if (d.mark.description.trim().length < 4) problems[k] = '请至少用4个字描述问题';
      else if (!d.mark.photos.length) problems[k] = '请拍照记录问题';
    }
    if (Object.keys(problems).length) return submit.fail(problems);
    const done = await submit.run(() =>
      call('movein', 'submitInspection', {
        moveInId,
        requestId,
        checks: checks.map((c) => ({ room: c.room, item: c.item, ok: c.mark.ok })),
        defects: defects.map((d) => ({ room: d.room, item: d.item, description: d.mark.description.trim(), photoIds: d.mark.photos.map((p) => p.id) })),
        ...(note.trim() ? { note: note.trim() } : {}),
      }),
    );
    if (!done) return;
    res.set(done);
    setMarks({});
    setNote('');
    setRequestId(newRequestId('insp'));
    toast(defects.length ? `已提交，${defects.length}处问题已转维保报修` : '验房合格，已提交');
  };

  const incomplete = Object.keys(submit.fieldErrors).filter((k) => k.includes(':')).length;
  const canInspect = view && view.status !== 'cancelled';
  const firstRound = (view?.rounds.length ?? 0) === 0;

  return (
    <View className="page movein-inspection">
      <StateView loading={res.loading && !view} error={res.error} onRetry={res.reload}>
        {view ? (
          <>
            <PageHeader title={`验房 · ${view.unitLabel}`} subtitle={`购房人 ${view.buyerName} · ${MOVEIN_STATUS_LABELS[view.status]}`} />
            <View className="movein-note movein-inspection__route">
              <Text>
                {view.stepDone ? '验房步骤已完成。' : '提交验房后，入伙手续书的“验房”步骤自动完成。'}
                发现的问题将转为维保报修，{view.warrantyTo ? `派给 ${view.warrantyTo}` : '按报修派单规则派单'}，业主可在小程序跟进并评价。
              </Text>
            </View>

            {view.defects.length ? (
              <View className="card movein-inspection__defects">
                <Text className="card__title">已记录的问题（{view.defects.length}）</Text>
                {view.defects.map((d) => (
                  <DefectRow key={d.id} defect={d} showRound onOpen={(id) => openPage(routes.staff.repair, { id })} />
                ))}
              </View>
            ) : null}
            {view.rounds.length ? (
              <View className="card movein-inspection__rounds">
                <Text className="card__title">验房记录</Text>
                {view.rounds.map((r) => (
                  <Text key={r.id} className="muted movein-inspection__round">
                    第{r.round}次 · {formatTime(r.at)} · {r.byName} · 检查{r.checked}项，问题{r.defectCount}处{r.note ? ` · ${r.note}` : ''}
                  </Text>
                ))}
              </View>
            ) : null}

            {canInspect ? (
              <>
                <View className="card movein-inspection__rooms">
                  <Text className="card__title">{firstRound ? '验房' : '复验'}：选择房间</Text>
                  <Choices name="inspection-rooms" options={ROOM_OPTIONS} value={rooms} onChange={toggleRoom} />
                </View>
                {rooms.map((room) => (
                  <View key={room} className={`card movein-room movein-room--${room}`}>
                    <View className="movein-room__head">
                      <Text className="card__title">{INSPECTION_ROOM_LABELS[room]}</Text>
                      <Text className="movein-room__all" onClick={() => allOk(room)}>
                        其余全部合格
                      </Text>
                    </View>
                    {ROOM_ITEMS[room].map((item) => {
                      const k = keyOf(room, item);
                      const m = marks[k];
                      return (
                        <View key={item} className={`movein-item movein-item--${item}`} data-key={k}>
                          <View className="movein-item__row">
                            <Text className="movein-item__name">{INSPECTION_ITEM_LABELS[item]}</Text>
                            <View className="movein-item__marks">
                              <Text className={`movein-item__mark movein-item__mark--ok ${m?.ok ? 'movein-item__mark--on' : ''}`} onClick={() => (m?.ok ? set(room, item, null) : set(room, item, { ok: true }))}>
                                合格
                              </Text>
                              <Text className={`movein-item__mark movein-item__mark--bad ${m && !m.ok ? 'movein-item__mark--on' : ''}`} onClick={() => (m && !m.ok ? set(room, item, null) : set(room, item, { ok: false }))}>
                                有问题
                              </Text>
                            </View>
                          </View>
                          {m && !m.ok ? (
                            <View className="movein-item__defect">
                              <Textarea
                                className="textarea movein-item__description"
                                value={m.description}
                                maxlength={300}
                                placeholder="描述问题，如：主卧窗框与墙体交接处有裂缝"
                                onInput={(e) => set(room, item, { description: e.detail.value })}
                              />
                              <PhotoPicker value={m.photos} onChange={(photos) => set(room, item, { photos })} max={MAX_DEFECT_PHOTOS} name="defect" />
                              {submit.fieldErrors[k] ? <Text className="field__error">{submit.fieldErrors[k]}</Text> : null}
                            </View>
                          ) : null}
                        </View>
                      );
                    })}
                  </View>
                ))}
                <View className="card movein-inspection__submit">
                  <Textarea className="textarea movein-inspection__note" value={note} maxlength={200} placeholder="备注（选填），如：业主委托家人到场验房" onInput={(e) => setNote(e.detail.value)} />
                  <Text className="movein-summary">
                    已检查 {checks.length} 项{unchecked ? `，未检查 ${unchecked} 项` : ''}，问题 {defects.length} 处
                  </Text>
                  {submit.fieldErrors.checks ? <Text className="field__error">{submit.fieldErrors.checks}</Text> : null}
                  {incomplete ? <Text className="field__error movein-inspection__incomplete">有 {incomplete} 处问题未写描述或未拍照，请在上方补充</Text> : null}
                  <FormError error={submit.error} shownFields={Object.keys(submit.fieldErrors).filter((f) => f.includes(':') || f === 'checks')} />
                  <Button className="btn btn--primary movein-inspection__send" loading={submit.busy} disabled={submit.busy || undefined} onClick={send}>
                    {defects.length ? `提交验房（${defects.length}处问题转维保）` : '提交验房'}
                  </Button>
                </View>
              </>
            ) : null}

            <Papers moveInId={moveInId} />
          </>
        ) : null}
      </StateView>
    </View>
  );
}
