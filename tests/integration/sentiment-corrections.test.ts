import type { IngestReport } from '@shared/contracts/sentiment.contract';
import type { CorrectionView, LexiconFile, LexiconView } from '@shared/contracts/sentiment-lexicon.contract';
import type { LexiconEntry } from '@shared/domain/sentiment-lexicon';
import { setClock } from '../../cloud/lib/clock';
import { analyze, BUILTIN_LEXICON_VERSION } from '../../cloud/modules/sentiment/engine';
import { SentimentCorrection } from '../../cloud/modules/sentiment/correction.model';
import { SentimentLexicon, SentimentLexiconEntry } from '../../cloud/modules/sentiment/lexicon-overlay.model';
import { SentimentMessage } from '../../cloud/modules/sentiment/sentiment.model';
import { DAYTIME, err, ok, world, type Person, type World } from '../helpers/repairs';
import { startStack, type Stack } from '../helpers/stack';

/**
 * The staff correction loop (issue 26) through the real `sentiment` function: staff mark a message
 * 漏报 / 误报 / 话题不对 / 级别不对 → the correction proposes a lexicon entry → a manager previews it on
 * the community's own history and accepts it → the community's overlay (本小区词库, versioned) applies
 * to the next message without a deploy; export/import; malformed entries; figures.
 */
let stack: Stack;
let clock = DAYTIME;
beforeAll(async () => {
  stack = await startStack();
});
beforeEach(() => {
  clock = DAYTIME;
  setClock(() => clock);
});
afterAll(async () => {
  setClock();
  await stack.stop();
});

const tokenOf = (p: Person) => stack.login(stack.wechat.mintCode(p.openid));
const minutes = (m: number) => new Date(clock.getTime() + m * 60_000).toISOString();
let seq = 0;
const msg = (sender: string, text: string, atMinute: number) => ({ messageId: `c${++seq}`, sender: { id: sender, nickname: sender }, text, sentAt: minutes(atMinute) });

async function ingest(w: World, groupId: string, messages: ReturnType<typeof msg>[]): Promise<IngestReport> {
  return ok(await stack.invoke('sentiment', 'ingest', { groupId, groupName: `${groupId}业主群`, messages }, await tokenOf(w.agent)), 'ingest');
}
async function incidentsOf(w: World, groupId: string) {
  return ok(await stack.invoke('sentiment', 'incidents', { status: 'all', groupId }, await tokenOf(w.agent))).items;
}
async function call<A extends 'correct' | 'corrections' | 'previewEntry' | 'reviewCorrection' | 'lexicon' | 'addLexiconEntry' | 'removeLexiconEntry' | 'exportLexicon' | 'importLexicon' | 'lexiconFigures'>(
  action: A,
  data: unknown,
  by: Person,
) {
  return stack.invoke('sentiment', action, data as never, await tokenOf(by));
}
const stored = (w: World, groupId: string, messageId: string) => SentimentMessage.findById(`${String(w.communityId)}:${groupId}:${messageId}`).lean();

// Wording the built-in engine does not know (checked below before it is used).
const MISSED = '物业又在玩蓝莓拿铁那一套';
const FALSE_ALARM = '昨晚狼人杀被骗惨了，气死我了';

test('When a 漏报 with a phrase is accepted, then the preview lists the message, the overlay version counts up and the same wording in a new message raises an incident naming the overlay version', async () => {
  expect(analyze(MISSED)).toMatchObject({ negative: false, level: 'none' });
  const w = await world(stack);
  const g = 'g-missed';
  // Three owners write it; the engine sees nothing, so no incident.
  const first = [msg('u1', MISSED, 0), msg('u2', `七栋${MISSED}`, 5), msg('u3', `${MISSED}，大家看看`, 9)];
  const before = await ingest(w, g, first);
  expect(before).toMatchObject({ negative: 0, incidentsOpened: 0 });
  expect(await stored(w, g, first[1].messageId)).toMatchObject({ negative: false, lexicon: { builtin: BUILTIN_LEXICON_VERSION, overlay: 0 } });

  // The agent marks the second one 漏报, highlighting the phrase.
  const marked = ok(await call('correct', { groupId: g, messageId: first[1].messageId, kind: 'missed', phrase: '玩蓝莓拿铁那一套', level: 'medium', topics: ['service'], note: '业主在讽刺物业' }, w.agent), 'correct');
  expect(marked).toMatchObject({
    kind: 'missed',
    status: 'pending',
    groupName: `${g}业主群`,
    text: `七栋${MISSED}`,
    verdict: { level: 'none', lexicon: `内置 ${BUILTIN_LEXICON_VERSION}` },
    proposal: { kind: 'phrase', text: '玩蓝莓拿铁那一套', level: 'medium', topics: ['service'] },
    byName: '孙客服',
  });
  // Marking again updates the pending correction (one per message and kind).
  const again = ok(await call('correct', { groupId: g, messageId: first[1].messageId, kind: 'missed', phrase: '玩蓝莓拿铁那一套', level: 'medium', topics: ['service'] }, w.agent));
  expect(again.id).toBe(marked.id);
  expect(again.note).toBeUndefined();
  expect(await SentimentCorrection.countDocuments({ communityId: w.communityId })).toBe(1);
  expect(ok(await call('corrections', {}, w.manager)).items.map((c: CorrectionView) => c.id)).toEqual([marked.id]);

  // The manager previews it on the community's history: all three messages change, the marked one is fixed.
  const preview = ok(await call('previewEntry', { entry: marked.proposal, correctionId: marked.id }, w.manager), 'preview');
  expect(preview.checked).toBe(3);
  expect(preview.fixesMessage).toBe(true);
  expect(preview.moreChanges).toBe(0);
  expect(preview.changes.map((c) => c.messageId).sort()).toEqual(first.map((m) => m.messageId).sort());
  expect(preview.changes.find((c) => c.messageId === first[1].messageId)).toMatchObject({ groupName: `${g}业主群`, before: { level: 'none' }, after: { level: 'medium', topics: ['service'] } });

  // An agent may not review (403); the manager accepts.
  expect(err(await call('reviewCorrection', { correctionId: marked.id, decision: 'accept' }, w.agent)).code).toBe('AUTH.FORBIDDEN');
  const accepted = ok(await call('reviewCorrection', { correctionId: marked.id, decision: 'accept', note: '采纳' }, w.manager), 'review');
  expect(accepted).toMatchObject({ status: 'accepted', reviewedByName: '吴经理', reviewNote: '采纳' });
  // Reviewed once: a second review is refused.
  expect(err(await call('reviewCorrection', { correctionId: marked.id, decision: 'reject' }, w.manager)).code).toBe('CORRECTION.ALREADY_REVIEWED');
  const lex = ok(await call('lexicon', {}, w.agent)) as LexiconView;
  expect(lex.version).toEqual({ builtin: BUILTIN_LEXICON_VERSION, overlay: 1 });
  expect(lex.label).toBe(`内置 ${BUILTIN_LEXICON_VERSION} + 本小区 v1`);
  expect(lex.entries).toEqual([expect.objectContaining({ entry: marked.proposal, source: 'correction', sinceVersion: 1, addedByName: '吴经理', builtinCovers: false })]);

  // The same wording in new messages (another group): negative, an incident opens — no deploy.
  const g2 = 'g-missed-2';
  clock = new Date(DAYTIME.getTime() + 60 * 60_000);
  const later = [msg('u4', `楼下${MISSED}`, 0), msg('u5', `${MISSED}，大家看看`, 3), msg('u4', `${MISSED}！`, 6)];
  const report = await ingest(w, g2, later);
  expect(report.negative).toBe(3);
  expect(report.incidentsOpened).toBe(1);
  const [incident] = await incidentsOf(w, g2);
  expect(incident).toMatchObject({ topic: 'service', status: 'open' });
  expect(await stored(w, g2, later[0].messageId)).toMatchObject({ negative: true, level: 'medium', lexicon: { builtin: BUILTIN_LEXICON_VERSION, overlay: 1 } });
  const detail = ok(await stack.invoke('sentiment', 'incident', { incidentId: incident.id }, await tokenOf(w.agent)));
  expect(detail.messages[0].lexicon).toBe(`内置 ${BUILTIN_LEXICON_VERSION} + 本小区 v1`);
  // Adding the same entry again changes nothing (no error, no new version).
  expect(ok(await call('addLexiconEntry', { entry: marked.proposal }, w.manager)).version.overlay).toBe(1);
});

test('When a 误报 is accepted, then the same false-alarm wording no longer opens an incident; the figures count the correction and the precision', async () => {
  expect(analyze(FALSE_ALARM)).toMatchObject({ negative: true });
  const w = await world(stack);
  const g = 'g-game';
  const batch = [msg('u1', FALSE_ALARM, 0), msg('u2', `我也是，${FALSE_ALARM}`, 4), msg('u1', FALSE_ALARM, 8)];
  expect((await ingest(w, g, batch)).incidentsOpened).toBe(1);
  const [incident] = await incidentsOf(w, g);
  // The agent acknowledges it (judged: 3 alerts this week), then marks one message 误报.
  ok(await stack.invoke('sentiment', 'acknowledge', { incidentId: incident.id }, await tokenOf(w.agent)), 'acknowledge');
  const marked = ok(await call('correct', { groupId: g, messageId: batch[0].messageId, kind: 'false_alarm' }, w.agent), 'correct');
  expect(marked.proposal.kind).toBe('benign');
  expect(FALSE_ALARM).toContain(marked.proposal.text);
  const preview = ok(await call('previewEntry', { entry: marked.proposal, correctionId: marked.id }, w.manager));
  expect(preview).toMatchObject({ checked: 3, fixesMessage: true });
  expect(preview.changes.every((c) => c.after.level === 'none')).toBe(true);
  ok(await call('reviewCorrection', { correctionId: marked.id, decision: 'accept' }, w.manager), 'review');

  const g2 = 'g-game-2';
  const report = await ingest(w, g2, [msg('u1', FALSE_ALARM, 20), msg('u2', FALSE_ALARM, 22), msg('u3', FALSE_ALARM, 24)]);
  expect(report).toMatchObject({ negative: 0, incidentsOpened: 0 });
  expect(await incidentsOf(w, g2)).toEqual([]);

  const figures = ok(await call('lexiconFigures', {}, w.agent), 'figures');
  expect(figures.weeks).toHaveLength(12);
  const thisWeek = figures.weeks[11];
  expect(thisWeek).toMatchObject({ corrections: 1, byKind: { missed: 0, false_alarm: 1, wrong_topic: 0, wrong_level: 0 }, judgedAlerts: 3, falseAlarms: 1, precision: 0.667 });
  expect(figures.weeks[0]).toMatchObject({ corrections: 0, judgedAlerts: 0, precision: null });
  expect(figures).toMatchObject({ pending: 0, accepted: 1, rejected: 0, overlayEntries: 1 });
});

test('When a message is marked 话题不对 and accepted, then the same wording gets the expected topic; a rejected correction changes nothing', async () => {
  const w = await world(stack);
  const g = 'g-topic';
  const text = '车库的灯坏了一个月，物业也不修';
  const first = msg('u1', text, 0);
  await ingest(w, g, [first]);
  const verdict = await stored(w, g, first.messageId);
  expect(verdict?.topics).not.toEqual(['facilities']);
  expect(err(await call('correct', { groupId: g, messageId: first.messageId, kind: 'wrong_topic' }, w.agent))).toMatchObject({ code: 'VALIDATION', message: '请选择正确的话题' });
  const marked = ok(await call('correct', { groupId: g, messageId: first.messageId, kind: 'wrong_topic', topics: ['facilities'] }, w.agent));
  expect(marked.proposal).toMatchObject({ kind: 'topic', topics: ['facilities'] });
  // A level correction on the same message is a separate correction; rejecting it writes nothing.
  const level = ok(await call('correct', { groupId: g, messageId: first.messageId, kind: 'wrong_level', level: 'low' }, w.agent));
  expect(level.id).not.toBe(marked.id);
  const rejected = ok(await call('reviewCorrection', { correctionId: level.id, decision: 'reject', note: '级别没错' }, w.manager));
  expect(rejected).toMatchObject({ status: 'rejected', reviewNote: '级别没错' });
  expect((await SentimentLexicon.findById(w.communityId).lean())?.version ?? 0).toBe(0);
  ok(await call('reviewCorrection', { correctionId: marked.id, decision: 'accept' }, w.manager));
  const next = msg('u2', text, 30);
  await ingest(w, g, [next]);
  expect((await stored(w, g, next.messageId))?.topics).toEqual(['facilities']);
  // Reviewed corrections free the slot: marking the message again opens a new correction.
  const remark = ok(await call('correct', { groupId: g, messageId: first.messageId, kind: 'wrong_level', level: 'low' }, w.agent));
  expect(remark.id).not.toBe(level.id);
  expect(ok(await call('corrections', { status: 'all' }, w.agent)).total).toBe(3);
});

test('When a correction names another community’s message or correction, then 404; a phrase not in the message is refused', async () => {
  const a = await world(stack);
  const b = await world(stack);
  const first = msg('u1', '楼道灯坏了没人修', 0);
  await ingest(a, 'g-a', [first]);
  expect(err(await call('correct', { groupId: 'g-a', messageId: first.messageId, kind: 'false_alarm' }, b.agent)).code).toBe('SENTIMENT.MESSAGE_NOT_FOUND');
  expect(err(await call('correct', { groupId: 'g-a', messageId: 'nope', kind: 'false_alarm' }, a.agent)).code).toBe('SENTIMENT.MESSAGE_NOT_FOUND');
  expect(err(await call('correct', { groupId: 'g-a', messageId: first.messageId, kind: 'missed', phrase: '电梯' }, a.agent))).toMatchObject({ code: 'VALIDATION', details: { issues: [{ path: 'phrase', message: '划出的词句须是消息中的原文' }] } });
  const marked = ok(await call('correct', { groupId: 'g-a', messageId: first.messageId, kind: 'false_alarm' }, a.agent));
  expect(err(await call('reviewCorrection', { correctionId: marked.id, decision: 'accept' }, b.manager)).code).toBe('CORRECTION.NOT_FOUND');
  expect(err(await call('previewEntry', { entry: marked.proposal, correctionId: marked.id }, b.manager)).code).toBe('CORRECTION.NOT_FOUND');
  expect((await SentimentCorrection.findById(marked.id).lean())?.status).toBe('pending');
});

test('When overlay entries are malformed, then 400 VALIDATION with the reason and nothing is written', async () => {
  const w = await world(stack);
  const bad: [unknown, string][] = [
    [{ kind: 'phrase', text: '', level: 'medium', topics: [] }, '内容不能为空'],
    [{ kind: 'phrase', text: '   ', level: 'medium', topics: [] }, '内容不能为空'],
    [{ kind: 'benign', text: '一'.repeat(31) }, '内容最多30字'],
    [{ kind: 'pattern', text: '…', level: 'medium', topics: [] }, '句式不能以“…”开头'],
    [{ kind: 'pattern', text: '(的|了)…吗', level: 'medium', topics: [] }, '句式过于宽泛，会匹配几乎所有消息：至少需要2个固定字'],
    [{ kind: 'phrase', text: '的了吗', level: 'low', topics: [] }, '内容过于宽泛，会匹配几乎所有消息'],
    [{ kind: 'phrase', text: '集体去街道办', level: 'high', topics: [] }, '升级风险须注明原因'],
    [{ kind: 'topic', text: '车库的灯', topics: [] }, '请选择至少一个话题'],
  ];
  for (const [entry, reason] of bad) {
    const e = err(await call('addLexiconEntry', { entry }, w.manager));
    expect([entry, e.code, e.details?.issues?.map((i) => i.message)]).toEqual([entry, 'VALIDATION', [reason]]);
    expect(err(await call('previewEntry', { entry }, w.manager)).code).toBe('VALIDATION');
  }
  // An agent may not write the lexicon.
  expect(err(await call('addLexiconEntry', { entry: { kind: 'benign', text: '投诉电话' } }, w.agent)).code).toBe('AUTH.FORBIDDEN');
  expect(await SentimentLexiconEntry.countDocuments({ communityId: w.communityId })).toBe(0);
  expect(await SentimentLexicon.countDocuments({ _id: w.communityId })).toBe(0);
});

test('When the overlay is exported and imported into another community, then the entries and a version come along; a file with one bad entry changes nothing; versions count each change', async () => {
  const a = await world(stack);
  const b = await world(stack);
  const entries: LexiconEntry[] = [
    { kind: 'phrase', text: '吃相难看', level: 'medium', topics: ['fee'] },
    { kind: 'benign', text: '投诉电话是多少' },
    { kind: 'pattern', text: '这个物业(必须|得|该)换', level: 'high', topics: ['service'], group: 'collective' },
  ];
  let version = 0;
  for (const entry of entries) {
    const v = ok(await call('addLexiconEntry', { entry }, a.manager), 'add');
    expect(v.version.overlay).toBe(++version);
  }
  const file = ok(await call('exportLexicon', {}, a.manager), 'export') as LexiconFile;
  expect(file).toMatchObject({ format: 'wuye-sentiment-lexicon', formatVersion: 1, version: { builtin: BUILTIN_LEXICON_VERSION, overlay: 3 }, entries });
  expect(file.communityName).toBeTruthy();

  // B: one entry of its own, then a file with a bad third entry: refused whole, naming the entry.
  ok(await call('addLexiconEntry', { entry: { kind: 'phrase', text: '管了个寂寞', level: 'low', topics: [] } }, b.manager));
  const broken = { ...file, entries: [...file.entries.slice(0, 2), { kind: 'pattern', text: '(的|了)…吗', level: 'medium', topics: [] }] };
  const e = err(await call('importLexicon', { mode: 'replace', file: broken }, b.manager));
  expect(e).toMatchObject({ code: 'VALIDATION', details: { issues: [{ path: 'file.entries.2.text', message: expect.stringContaining('过于宽泛') }] } });
  let lexB = ok(await call('lexicon', {}, b.manager));
  expect(lexB.version.overlay).toBe(1);
  expect(lexB.entries.map((x) => x.entry.text)).toEqual(['管了个寂寞']);

  // Merge: B keeps its own entry and gets A's three; the version counts up once.
  lexB = ok(await call('importLexicon', { mode: 'merge', file }, b.manager), 'import');
  expect(lexB.version.overlay).toBe(2);
  expect(lexB.entries.map((x) => x.entry.text).sort()).toEqual(['吃相难看', '投诉电话是多少', '管了个寂寞', '这个物业(必须|得|该)换'].sort());
  expect(lexB.entries.filter((x) => x.source === 'import')).toHaveLength(3);
  // The same file again changes nothing.
  expect(ok(await call('importLexicon', { mode: 'merge', file }, b.manager)).version.overlay).toBe(2);
  // Replace: exactly the file's entries.
  lexB = ok(await call('importLexicon', { mode: 'replace', file }, b.manager));
  expect(lexB.version.overlay).toBe(3);
  expect(lexB.entries.map((x) => x.entry).sort((x, y) => x.text.localeCompare(y.text))).toEqual([...entries].sort((x, y) => x.text.localeCompare(y.text)));
  // The imported pattern applies to B's next message.
  const m = msg('u9', '这个物业必须换，大家签名', 0);
  await ingest(b, 'g-b', [m]);
  expect(await stored(b, 'g-b', m.messageId)).toMatchObject({ level: 'high', lexicon: { overlay: 3 } });

  // Removing counts up; a removed (or another community's) entry is 404.
  const target = lexB.entries.find((x) => x.entry.kind === 'benign')!;
  expect(err(await call('removeLexiconEntry', { entryId: target.id }, a.manager)).code).toBe('LEXICON.ENTRY_NOT_FOUND');
  expect(ok(await call('removeLexiconEntry', { entryId: target.id }, b.manager)).version.overlay).toBe(4);
  expect(err(await call('removeLexiconEntry', { entryId: target.id }, b.manager)).code).toBe('LEXICON.ENTRY_NOT_FOUND');
  // A's overlay is untouched by all of B's changes.
  expect(ok(await call('lexicon', {}, a.agent)).version.overlay).toBe(3);
});

test('When overlay entries were stored under an older normalisation of their text, then the same entry in another writing is recognised, and two the engine can no longer tell apart become one', async () => {
  const w = await world(stack);
  const first = ok(await call('addLexiconEntry', { entry: { kind: 'phrase', text: '管了个什么寂寞', level: 'low', topics: [] } }, w.manager), 'add');
  // As an older release stored them: keys of their day (this one spelt 幺), and a second entry whose
  // text the engine now reads as the first one's (什麼 = 什么).
  await SentimentLexiconEntry.updateOne({ communityId: w.communityId }, { $set: { key: 'phrase:管了个什幺寂寞' } });
  const at = new Date();
  await SentimentLexiconEntry.collection.insertOne({ communityId: w.communityId, key: 'phrase:管了个什麼寂寞', entry: { kind: 'phrase', text: '管了個什麼寂寞', level: 'low', topics: [] }, source: 'manual', sinceVersion: 2, addedById: w.manager._id, addedByName: '旧版', addedAt: at } as never);
  await SentimentLexicon.updateOne({ _id: w.communityId }, { $set: { version: 2 } });

  // The same judgement in Traditional: nothing new (the stale duplicate goes, once).
  const again = ok(await call('addLexiconEntry', { entry: { kind: 'phrase', text: '管了個什麼寂寞', level: 'low', topics: [] } }, w.manager), 'add again');
  expect(again.entries.map((x) => x.entry.text)).toEqual(['管了个什么寂寞']);
  expect(again.version.overlay).toBe(3);
  // Then a new judgement of it updates the one entry, never adds a second.
  const medium = ok(await call('addLexiconEntry', { entry: { kind: 'phrase', text: '管了个什麽寂寞', level: 'medium', topics: ['service'] } }, w.manager), 'update');
  expect(medium.entries).toHaveLength(1);
  expect(medium.entries[0].entry).toMatchObject({ level: 'medium', topics: ['service'] });
  expect(first.entries).toHaveLength(1);
});
