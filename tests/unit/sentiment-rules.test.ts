import type { Analysis } from '@shared/domain/sentiment';
import { entryProblem, type LexiconEntry } from '@shared/domain/sentiment-lexicon';
import { analyze, BUILTIN_LEXICON_VERSION, compileLexicon } from '../../cloud/modules/sentiment/engine';
import { CO_OCCURRENCE_RULES, PATTERNS } from '../../cloud/modules/sentiment/lexicon/rules';

/** Every evidence span must be the exact original text it claims. */
function expectEvidenceInOriginal(text: string, result: Analysis): void {
  for (const e of result.evidence) expect(text.slice(e.start, e.end)).toBe(e.term);
}

function escalationTerms(result: Analysis): string[] {
  return result.evidence.filter((e) => e.kind === 'escalation' && e.group).map((e) => e.term);
}

describe('sentiment rules: slot templates', () => {
  test.each([
    ['这个物业必须换', 'collective'],
    ['这物业早该换了', 'collective'],
    ['再不修我们就投诉', 'government'],
    ['再不处理就找媒体', 'media'],
    ['不赔就法院见', 'legal'],
  ])('When %s is written, then the template fires high with group %s and its span is the evidence', (text, group) => {
    const result = analyze(text);
    expect(result.level).toBe('high');
    expect(result.escalation.groups).toContain(group);
    expectEvidenceInOriginal(text, result);
  });

  test('When a template matches, then its evidence is the whole matched span with original offsets', () => {
    const text = '说真的，这个物业必须换！';
    const result = analyze(text);
    const span = result.evidence.find((e) => e.group === 'collective' && e.term.startsWith('这个物业'));
    expect(span).toEqual(expect.objectContaining({ term: '这个物业必须换', start: 4, end: 11 }));
  });

  test('When medium templates match, then 是干什么吃的 / 管了个寂寞 / 留着过年 / 一问三不知 complain without a complaint word', () => {
    for (const text of ['物业是干什么吃的', '这次维修管了个寂寞', '这种物业留着过年吗', '问管家一问三不知']) {
      expect(analyze(text).negative).toBe(true);
    }
  });

  test('When a gap would cross a clause break or exceed the gap, then the template does not match', () => {
    // 再不…就投诉 across a comma is no template match (it stays a complaint, not an escalation by the template).
    expect(analyze('再不修，就投诉').evidence.some((e) => e.term.includes('再不修'))).toBe(false);
    expect(analyze('再不说说这个小区的绿化和停车位置安排就投诉').evidence.some((e) => e.term.startsWith('再不'))).toBe(false);
  });

  test('When the message is in Traditional Chinese, then the template matches through the normaliser with original offsets', () => {
    const text = '這個物業必須換';
    const result = analyze(text);
    expect(result.level).toBe('high');
    expect(result.evidence.find((e) => e.group === 'collective')).toEqual(expect.objectContaining({ term: text, start: 0, end: 7 }));
  });

  test('When the built-in templates are checked, then every one passes the staff entry validation', () => {
    for (const p of PATTERNS) expect([p.text, entryProblem(p)]).toEqual([p.text, null]);
  });
});

describe('sentiment rules: co-occurrence of actor, escalation target and intent', () => {
  test.each([
    ['大家一起去街道办反映', 'government', '街道办'],
    ['我们几个业主明天一起去房管局', 'government', '房管局'],
    ['全体业主联合找记者', 'media', '记者'],
    ['业主们一起去法院告他们', 'legal', '法院'],
  ])('When %s names an actor, a target and an intent in one clause, then it is high with the target group', (text, group, target) => {
    const result = analyze(text);
    expect(result.level).toBe('high');
    expect(result.escalation.groups).toContain(group);
    expect(escalationTerms(result)).toContain(target);
    expectEvidenceInOriginal(text, result);
  });

  test('When the parts are in another order, then the rule still fires once', () => {
    const result = analyze('去住建局反映的事，大家一起');
    // The target and the intent are in the first clause, the actor in the second: no rule.
    expect(result.evidence.filter((e) => e.term === '大家一起' && e.group === 'government')).toHaveLength(0);
    const inOrder = analyze('住建局那边我们大家一起去');
    expect(inOrder.level).toBe('high');
    expect(inOrder.escalation.groups).toContain('government');
  });

  test('When a part sits inside an everyday word, then it does not count (社区医院, 打疫苗)', () => {
    expect(analyze('大家一起去社区医院打疫苗').level).toBe('none');
  });

  test('When the rule is negated, then neither it nor the target inside it escalates', () => {
    expect(analyze('不要大家一起去街道办，先跟物业沟通').level).not.toBe('high');
    expect(analyze('没必要大家一起去住建局吧').level).not.toBe('high');
  });

  test('When the message is in Traditional Chinese, then the rule fires with offsets into the original', () => {
    const text = '業主們一起去住建局投訴';
    const result = analyze(text);
    expect(result.level).toBe('high');
    expect(result.escalation.groups).toContain('government');
    expectEvidenceInOriginal(text, result);
  });
});

describe('sentiment rules: accident verbs with a subject', () => {
  test.each([
    ['电梯往下掉了好几层', ['elevator']],
    ['门夹住了孩子的手', []],
    ['小区门口的树倒了，砸到一辆车', ['greenery']],
    ['老人在电梯里被关了半小时', ['elevator']],
  ])('When %s puts a subject and an accident verb in one clause, then it is high safety with the subject topic', (text, topics) => {
    const result = analyze(text);
    expect(result.level).toBe('high');
    expect(result.escalation.groups).toContain('safety');
    for (const t of topics) expect(result.topics).toContain(t);
    expectEvidenceInOriginal(text, result);
  });

  test('When the subject and the verb are the matched parts, then they are the evidence with their offsets', () => {
    const text = '电梯往下掉了好几层';
    const result = analyze(text);
    expect(result.evidence).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ term: '电梯', start: 0, end: 2, kind: 'escalation', group: 'safety' }),
        expect.objectContaining({ term: '掉', start: 4, end: 5, kind: 'escalation', group: 'safety' }),
      ]),
    );
  });

  test.each(['树叶掉了一地，保洁扫一下', '楼梯上有人倒垃圾', '电梯广告屏掉线了', '部门倒闭了吗'])(
    'When %s only has everyday words that contain a part, then it is not an accident',
    (text) => {
      expect(analyze(text).escalation.groups).not.toContain('safety');
    },
  );

  test('When the subject and the verb are in different clauses or far apart, then it is not an accident', () => {
    expect(analyze('电梯今天检修完了，刚才手机掉了').escalation.groups).not.toContain('safety');
  });

  test('When the accident is in Traditional Chinese, then it fires with offsets into the original', () => {
    const text = '電梯往下掉了好幾層';
    const result = analyze(text);
    expect(result.level).toBe('high');
    expect(result.topics).toContain('elevator');
    expect(result.evidence.find((e) => e.term === '電梯' && e.kind === 'escalation')).toEqual(expect.objectContaining({ start: 0, end: 2 }));
  });

  test('When the co-occurrence rules are read, then every rule has at least two slots and no empty word', () => {
    for (const rule of CO_OCCURRENCE_RULES) {
      expect(rule.slots.length).toBeGreaterThanOrEqual(2);
      for (const slot of rule.slots) for (const w of slot.words) expect((typeof w === 'string' ? w : w.text).trim().length).toBeGreaterThan(0);
    }
  });
});

describe('sentiment rules: negation scope', () => {
  test('When 不…就… is a conditional threat, then the 不 negates the condition, never the threat (不赔就法院见)', () => {
    const result = analyze('不赔就法院见');
    expect(result.level).toBe('high');
    expect(result.escalation.groups).toEqual(['legal']);
    expect(result.evidence.some((e) => e.negated)).toBe(false);
  });

  test('When 如果不处理我们就去住建局, then it is high (the conditional stops the negation)', () => {
    const result = analyze('如果不处理我们就去住建局');
    expect(result.level).toBe('high');
    expect(result.escalation.groups).toContain('government');
  });

  test('When the escalation itself is negated (没必要去住建局, 不用报警), then it stays negated', () => {
    expect(analyze('没必要去住建局吧，先沟通').level).not.toBe('high');
    expect(analyze('不用报警，是误会').level).not.toBe('high');
  });

  test('When 不…就 stands right before a term, then the stop ends the scope (不修就曝光)', () => {
    const result = analyze('不修就曝光');
    expect(result.level).toBe('high');
    expect(result.evidence.find((e) => e.term === '曝光')?.negated).toBeUndefined();
  });

  test('When 不是…而是… contrasts, then what follows 而是 is not negated', () => {
    const result = analyze('不是不满意，而是太慢了');
    expect(result.negative).toBe(true);
    expect(result.evidence.find((e) => e.term === '慢')?.negated).toBeUndefined();
  });

  test('When 不但…而且… adds, then 不但 negates nothing', () => {
    const result = analyze('不但态度差而且还骂人');
    expect(result.level).toBe('medium');
    expect(result.evidence.some((e) => e.negated)).toBe(false);
  });

  test('When a negator and its term are in different clauses, then the term is not negated', () => {
    expect(analyze('不知道，反正报警了').escalation.groups).toContain('police');
  });
});

describe('compiled lexicons with a community overlay', () => {
  const overlay: LexiconEntry[] = [
    { kind: 'phrase', text: '电梯又趴窝', level: 'medium', topics: ['elevator'] },
    { kind: 'phrase', text: '去区里坐着', level: 'high', topics: [], group: 'government' },
    { kind: 'phrase', text: '有点小瑕疵', level: 'low', topics: [] },
    { kind: 'benign', text: '投诉电话' },
    { kind: 'topic', text: '电梯广告', topics: ['noise'] },
    { kind: 'pattern', text: '(物业|管家)又…装傻', level: 'medium', topics: ['service'] },
    { kind: 'phrase', text: '', level: 'low', topics: [] },
  ];
  const analyzer = compileLexicon(overlay, 4);

  test('When an overlay is compiled, then verdicts name the built-in hash and the overlay version', () => {
    expect(BUILTIN_LEXICON_VERSION).toMatch(/^[0-9a-f]{8}$/);
    expect(analyzer.version).toEqual({ builtin: BUILTIN_LEXICON_VERSION, overlay: 4 });
    expect(analyzer.analyze('电梯又趴窝了').lexicon).toEqual({ builtin: BUILTIN_LEXICON_VERSION, overlay: 4 });
    expect(analyze('电梯又趴窝了').lexicon).toEqual({ builtin: BUILTIN_LEXICON_VERSION, overlay: 0 });
  });

  test('When a phrase entry matches, then it lands exactly at its level with its topics and group', () => {
    const medium = analyzer.analyze('电梯又趴窝了');
    expect(medium.level).toBe('medium');
    expect(medium.topics).toContain('elevator');
    expect(analyzer.analyze('这个有点小瑕疵').level).toBe('low');
    const high = analyzer.analyze('明天我们去区里坐着');
    expect(high.level).toBe('high');
    expect(high.escalation.groups).toEqual(['government']);
    expect(analyze('明天我们去区里坐着').level).not.toBe('high');
  });

  test('When a benign entry contains a complaint word, then the word counts for nothing', () => {
    expect(analyzer.analyze('物业的投诉电话是多少，我要投诉').negative).toBe(true);
    const benign = analyzer.analyze('投诉电话换号了');
    expect(benign.negative).toBe(false);
    expect(benign.evidence.some((e) => e.term === '投诉')).toBe(false);
  });

  test('When a topic entry contains topic keywords, then its topics replace theirs', () => {
    expect(analyzer.analyze('电梯广告太吵了').topics).toEqual(['noise']);
    expect(analyze('电梯广告太吵了').topics).toContain('elevator');
  });

  test('When a staff pattern matches, then it fires with its span as evidence; a malformed entry is skipped', () => {
    const text = '物业又在装傻';
    const result = analyzer.analyze(text);
    expect(result.level).toBe('medium');
    expect(result.evidence.find((e) => e.kind === 'negative')).toEqual(expect.objectContaining({ term: text, start: 0, end: 6 }));
  });

  test('When analyzers of two lexicons alternate, then each keeps its own verdicts', () => {
    for (let i = 0; i < 3; i++) {
      expect(analyzer.analyze('电梯又趴窝了').level).toBe('medium');
      expect(analyze('电梯又趴窝了').level).not.toBe('medium');
    }
  });

  test('When 2,000 overlay entries are compiled, then it takes well under a second', () => {
    const many: LexiconEntry[] = [];
    for (let i = 0; i < 2000; i++) many.push({ kind: 'phrase', text: `测试说法${i}号`, level: 'low', topics: [] });
    const started = Date.now();
    const big = compileLexicon(many, 1);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(big.analyze('测试说法1999号').level).toBe('low');
  });
});

describe('sentiment rules (H7 tuning wave): requests, repeated failure, rhetorical frames, calm frames', () => {
  test.each([
    '小区门口的路灯坏了，麻烦物业派人看一下',
    '能不能让保洁清理一下地库的落叶',
    '希望管理处在充电区多加两个插座',
    '可唔可以叫啲住户唔好喺走廊晾衫',
  ])('When an owner politely asks for a remedy (%s), then the message is low', (text) => {
    const result = analyze(text);
    expect(result.level).toBe('low');
    expectEvidenceInOriginal(text, result);
  });

  test('When mild problem words are stacked around a polite request, then the message stays low', () => {
    expect(analyze('车库的灯不亮，地上还有积水，麻烦修一下').level).toBe('low');
  });

  test('When a polite request is followed by thanks, then the thanks do not cancel it', () => {
    expect(analyze('希望物业能提醒一下楼上的邻居，谢谢').level).toBe('low');
  });

  test('When a request carries a strong complaint term, then the cap does not hide it', () => {
    expect(analyze('物业互相踢皮球，麻烦你们管一下').level).toBe('medium');
  });

  test.each([
    '单元门禁说了好几个月了还是刷不开',
    '这灯一次都没修过，报了也白报',
    '垃圾桶满了就这么放着？',
    '客服电话永远就一句“已登记”',
    '路面塌陷成日坏，晚上根本看不清',
    '水泵坏了五天了都没人理',
    '物业人呢？楼道漆黑一片',
    '暖气不热，暖气费照收不误',
  ])('When a repeated-failure or non-response frame is written (%s), then the message is negative', (text) => {
    const result = analyze(text);
    expect(result.negative).toBe(true);
    expect(['medium', 'high']).toContain(result.level);
  });

  test.each(['这叫服务？', '出了事谁来赔', '物业装看不见', '账目从来没公开过，钱进了谁的口袋'])(
    'When a rhetorical blame frame is written (%s), then the message is medium',
    (text) => {
      expect(analyze(text).level).toBe('medium');
    },
  );

  test.each([
    ['配电箱冒黑烟了！', 'safety'],
    ['三楼走廊全是烟，有人在吗', 'safety'],
    ['外墙一块瓷砖掉下来把车顶砸穿了', 'safety'],
    ['篮球架倒下来压在一个小孩身上', 'safety'],
    ['2号梯卡在9楼和10楼中间', 'safety'],
    ['我已经打咗999', 'police'],
    ['违建问题我已经向屋宇署投诉', 'government'],
    ['呢間管理公司一定要炒', 'collective'],
  ])('When %s is written, then it is high with group %s', (text, group) => {
    const result = analyze(text);
    expect(result.level).toBe('high');
    expect(result.escalation.groups).toContain(group);
  });

  test.each(['孩子在广场溜滑板，玩得很开心', '小朋友们在溜冰场排队'])(
    'When a neutral sentence shares an accident verb with a subject (%s), then it is not high',
    (text) => {
      expect(analyze(text).level).not.toBe('high');
    },
  );

  test('When 有没有 asks a question, then its 没 does not negate the escalation after it', () => {
    expect(analyze('煤气管冒火星了，有没有人打119？').level).toBe('high');
  });

  test.each(['唔使報警，佢係我屋企人', '唔好打110，係誤會'])('When a Cantonese negator precedes an escalation term (%s), then it does not escalate', (text) => {
    expect(analyze(text).level).not.toBe('high');
  });

  test.each([
    '外地小区电梯出事的新闻大家看到了吧，咱们的电梯刚年检过，大家放心',
    '群里说的陌生人是新来的快递员，已经确认过了',
  ])('When a reassurance frame closes the alarm (%s), then the message is not negative', (text) => {
    expect(analyze(text).negative).toBe(false);
  });

  test('When a reassurance frame follows an act of escalation, then the act still counts', () => {
    expect(analyze('已经报警了，大家放心').level).toBe('high');
  });

  test.each(['井盖一直没盖，早晚要出事', '飞线充电没人管，烧起来就晚了', '出了人命谁负责？'])(
    'When a danger is only hypothetical (%s), then it is a complaint but not high',
    (text) => {
      const result = analyze(text);
      expect(result.negative).toBe(true);
      expect(result.level).not.toBe('high');
    },
  );

  test('When a repetition marker stands with a problem, then the problem counts as a clear complaint', () => {
    expect(analyze('门禁老是刷不开').level).toBe('medium');
    expect(analyze('门禁刷不开').level).toBe('low');
  });

  test('When an escalation happened in another community, then it does not escalate this message', () => {
    expect(analyze('听说别的小区有业主打了12345').level).not.toBe('high');
    expect(analyze('我们也打12345').level).toBe('high');
  });

  test.each([
    ['这种服务，今年物业费我一分都不会交', 'collective'],
    ['我要让全市人民都知道你们干的好事', 'media'],
    ['再拖就把物业换掉', 'collective'],
    ['大樹倒咗壓住架車', 'safety'],
  ])('When a paraphrased threat or accident is written (%s), then it is high with group %s', (text, group) => {
    const result = analyze(text);
    expect(result.level).toBe('high');
    expect(result.escalation.groups).toContain(group);
  });

  test.each(['电梯按钮掉了好几天了', '小朋友在溜冰，别打扰'])('When an accident verb belongs to an everyday word (%s), then it is not high', (text) => {
    expect(analyze(text).level).not.toBe('high');
  });

  test('When the built-in patterns are compiled, then every one of them (split frames included) passes entryProblem', () => {
    for (const entry of PATTERNS) expect(entryProblem(entry)).toBeNull();
  });
});

describe('sentiment topics: the subject decides (engine/topics.ts)', () => {
  test('When a concrete subject is named, then the service topic (物业 attitude) gives way to it', () => {
    expect(analyze('楼上渗水两个月了，物业天天敷衍').topics).toEqual(['leak']);
    expect(analyze('樓上漏水，管理處話唔關佢事').topics).toEqual(['leak']);
  });

  test('When only the property company is the subject, then the message is about the service', () => {
    expect(analyze('物业天天敷衍，打电话也没人接').topics).toEqual(['service']);
    expect(analyze('管理處態度好差').topics).toEqual(['service']);
  });

  test('When a topic keyword only says where something happened, then it counts less than the subject', () => {
    expect(analyze('谁家的猫跑到地库了').topics).toEqual(['pets']);
    expect(analyze('小狗在草坪上拉屎没人管').topics).not.toContain('greenery');
    expect(analyze('電梯裡有人抽煙，臭死了').topics).toEqual(['cleaning']);
    expect(analyze('草坪被踩秃了').topics).toEqual(['greenery']);
  });

  test('When a keyword names the pipe of a leak or an instrument of advice, then it is a modifier, kept only alone', () => {
    expect(analyze('水管爆了，家里全淹了').topics).toEqual(['leak']);
    expect(analyze('水管冻住了').topics).toEqual(['utilities']);
    expect(analyze('闻到燃气味了，大家别坐电梯').topics).toEqual(['utilities']);
  });

  test('When a keyword sits inside a longer topic keyword, then the longer one names the topic', () => {
    const result = analyze('装修垃圾堆了一个月');
    expect(result.topics).toEqual(['renovation']);
    expect(result.evidence.filter((e) => e.kind === 'topic').map((e) => e.term)).toEqual(['装修垃圾']);
  });

  test('When a keyword sits inside a quoted notice, then the unquoted subject wins', () => {
    expect(analyze('物业通知说“电梯年检暂停使用两天”，可楼下垃圾三天没人收').topics).toEqual(['cleaning']);
  });

  test('When a message has several concrete subjects, then it gets each of them, with evidence only for those', () => {
    const text = '电梯坏了三天，快递柜也满了，物业不管';
    const result = analyze(text);
    expect(result.topics).toEqual(['elevator', 'delivery']);
    expect(result.evidence.filter((e) => e.kind === 'topic').every((e) => e.topic !== 'service')).toBe(true);
    expectEvidenceInOriginal(text, result);
  });
});

describe('sentiment lexicon (H11 tuning wave): reused wording, frames and topic keywords', () => {
  function levelOf(text: string): string {
    const result = analyze(text);
    expectEvidenceInOriginal(text, result);
    return result.level;
  }

  test.each([
    // attitude and fob-offs
    '前台说话阴阳怪气，谁受得了',
    '打过去问维修进度，对方直接挂电话',
    '消防检查年年都是走过场',
    '所谓的业主座谈会就是走形式',
    '在群里@了管家三次，一个字都不回',
    '发了照片给客服，一个字都没回',
    '保安亭两个人坐着乜都唔做',
    '物业一年到头啥都不干',
    '维修部废到笑，换个灯泡要一星期',
    '大堂门铃坏咗两个礼拜冇人整',
    '走廊灯闪咗好耐都冇人修',
    '报修热线打过去，值班室一个人都没有',
    '跟楼上讲了几次，说了也不听',
    '叫佢唔好喺走廊放鞋柜，讲咗都唔听',
    '业主大会提了十条意见，一个都没解决',
    '报上去的问题，一件都没解决',
    '前台人呢？按铃半天没人应',
    '维修师傅说十点到，人呢',
    // money
    '临停一小时十五块，明抢啊',
    '车位租金一年涨两次，这是抢钱',
    '公共收益到底多少，别藏着掖着',
    '涨不涨价都是物业说了算？',
    '交了这么多年公维金，钱都花哪了',
    '去年收的停车费用在哪了',
    '车位只卖不租，太不合理',
    '公摊电费按户均摊，这个不合理',
    '停车费又加？what the hell',
    // plain complaints
    '花坛里新种的苗全死了',
    '楼下花坛的月季都死光了',
    '送外卖的在人行道上骑得飞快',
    '小区里有车倒车，差点撞到我女儿',
    '卖保险的都上到18楼了，门岗怎么放进来的',
    '外卖骑手随便进出，登记都不用',
    '停车场的广告位租金给业主分了吗',
    '电梯广告的钱分给业主了吗',
    '隔壁天天钻墙，头都炸了',
    '对面KTV唱到两点，头都要炸了',
  ])('When an owner uses reused complaint wording (%s), then the message is medium', (text) => {
    expect(levelOf(text)).toBe('medium');
  });

  test.each([
    '改停车规则之前征求过业主的意见吗',
    '占用绿地建车位，经过大家同意了吗',
    '厕所天花漏得跟下雨一样',
    '空调冷凝水滴得像下雨一样',
    '门口堆满建材，轮椅都没法过',
    '楼下油烟太大，都不敢开窗',
    '狗屎满地，就没人管管吗',
    '电梯广告吵死了，就没有人反映吗',
    '建筑垃圾在门口堆了半个月',
    '家里冇热水成个礼拜',
    '垃圾桶满了，保洁也不来收',
    '楼梯扶手一层灰，阿姨从不擦',
    '遛狗的不捡狗屎就走',
    '有人不铲狗粪，草地没法走',
    '突然停水也不通知',
    '电梯停运事先也没通知',
    '每次问都说在走流程',
    '每次催都话下个礼拜',
    '小区越来越破，物业费倒是越来越贵',
    '服务越来越敷衍',
    '楼上装修周末也不停',
    '隔壁酒吧半夜都不消停',
    '门口的油污擦都擦不干净',
    '风机吵得睡都睡不着',
    // a hypothetical fire is a complaint about a hazard, not a fire
    '楼道堆满纸箱，万一着火怎么跑',
    '要是起火了，这些电动车就是炸弹',
  ])('When a complaint frame is written (%s), then the message is medium', (text) => {
    expect(levelOf(text)).toBe('medium');
  });

  test.each([
    '孩子自己坐电梯我不太放心',
    '电梯里没空调，跟蒸笼一样',
    '健身房地板翘起来了',
    '花园的草该修剪了',
    '楼上孩子跑跳，家长注意一下就好了',
    '快递驿站能不能延长营业时间',
    '可唔可以搵人睇睇个水泵',
  ])('When an owner mildly complains or asks for a remedy (%s), then the message is low', (text) => {
    expect(levelOf(text)).toBe('low');
  });

  test.each([
    '花园里有马蜂，刚才一个小孩被蛰了',
    '老人在绿化带边被蜇了，手肿得很大',
    '3号楼墙体裂缝都能塞进手指了',
    '电梯冲到顶层才停下，里面的人吓坏了',
    '部升降机突然跌咗几层',
    '电梯门还没关就往下冲',
    '泳池排水口把小孩的手吸住了',
    '车棚的顶棚掉下来砸到一辆电动车',
    '有人由高层掟咗个啤酒樽落嚟',
    '又有人掟垃圾落街',
    '挖掘机把燃气管挖断了',
    '煤气管被撞裂了',
    '整栋楼商量好了，下季度一起不缴管理费',
    '电梯不修好，全楼都不交物业费',
    '明天去物业办公室门口坐着，看谁耗得过谁',
    '到开发商大堂躺着去',
    '照片我发在业主论坛了',
    '把这事发上头条',
    '我打电话给消防队举报了',
  ])('When an owner reports danger or escalates (%s), then the message is high', (text) => {
    expect(levelOf(text)).toBe('high');
  });

  test.each([
    '新人冒泡，请多关照',
    '雨天路面结冰，出门注意防滑',
    '儿子的滑板车借给邻居了',
    '热水器打不着火，要换电池吗',
    '燃气公司上门查了，没有泄漏',
    '那个摔倒的阿姨没受伤，已经回家了',
    '其他人呢，都到齐了吗',
  ])('When calm wording shares complaint words (%s), then the message is none', (text) => {
    expect(levelOf(text)).toBe('none');
  });

  test('When a subject keyword of this wave is named, then it gives its topic', () => {
    expect(analyze('下周三上门检查烟感，请家里留人').topics).toEqual(['security']);
    expect(analyze('管理处下个月做消防演习').topics).toContain('security');
    expect(analyze('楼上小孩跑跳到十二点').topics).toEqual(['noise']);
    expect(analyze('楼上成日拖凳，好烦').topics).toContain('noise');
    expect(analyze('物业服务费什么时候交').topics).toEqual(['fee']);
    expect(analyze('地下室淹水了').topics).toEqual(['leak']);
    expect(analyze('单元门贴满了小广告').topics).toEqual(['cleaning']);
    expect(analyze('楼下有人抽烟，烟全往上飘').topics).toEqual(['cleaning']);
    expect(analyze('团购卫生纸有人要吗').topics).toEqual([]);
    expect(analyze('隔壁从早到晚钻墙').topics).toEqual(['noise', 'renovation']);
    expect(analyze('本周五下午进行消防演练，请各位业主积极参加').topics).toEqual(['security']);
  });
});

describe('sentiment lexicon (H12 tuning wave): polite shortcomings, long neglect, who-needs-you questions, wounds', () => {
  function levelOf(text: string): string {
    const result = analyze(text);
    expectEvidenceInOriginal(text, result);
    return result.level;
  }

  test.each([
    // polite inconvenience and polite requests about a real shortcoming
    '小区北门晚上锁了，绕一大圈回家不太方便',
    '楼下取快递要走好远，有少少唔方便',
    '最近食堂的菜体验一般',
    '健身房的跑步机最近体验不太好',
    '能不能安排师傅来看看我家的水压',
    '麻烦派人把楼道的灯泡换一下',
    '希望物业可以保留周末的人工窗口',
    '三楼那丛月季长疯了，麻烦修剪一下',
    '能把这个月的公摊电费明细发一下吗',
    '可以把停车场的收支公布一下吗',
    '坐电梯的时候能不能把猫抱起来',
    '可唔可以帮手联络下隔离单位',
  ])('When an owner points at a shortcoming politely (%s), then the message is low', (text) => {
    expect(levelOf(text)).toBe('low');
  });

  test.each([
    // long neglect, paying for nothing, who-needs-you questions
    '公告栏的通知半年没更新过',
    '儿童乐园的沙子好几年没换过',
    '门口的岗亭请保安有什么用，谁都能进',
    '装个监控有啥用，出了事永远说坏了',
    '管理员说车位的事他没得管',
    '邻居的东西被拿走了，物业说不关他们的事',
    '保安话唔关佢事，叫我自己谂办法',
    '一年三千多的物业费交得真冤',
    '花钱买罪受，这就是冤枉钱',
    '换了个新物业，新瓶装旧酒',
    '经理换了三任，换汤不换药',
    '小区的绿化一年不如一年',
    '进自己小区要查三次，跟坐牢一样',
    '健身区被踩得不成样子',
    '跟管理处反映了也没用',
    '找物业协调了也没用',
    '跟前台说了八百遍，还是老样子',
    '反映了好几年都没下文',
    '门卫态度好凶，吼我跟吼犯人一样',
    '门岗那个保安凶得很',
    '警卫整晚都在滑手机',
    '能不能有点公德心，别在楼道吸烟',
    '楼上星期日都唔停，朝早八点就开始凿',
    '停水都不提前通知，洗澡洗到一半',
    '又唔预早通知就停电',
    '我快递这个月丢了两次',
    '敲了半天门才有人应',
    '报修单挂了一周，你们是在等它自己好吗',
    '路灯再不修，别说我们没提醒',
    '保洁让我们欣赏了三天的垃圾山，真是五星级服务',
  ])('When an owner complains in reused wording (%s), then the message is medium', (text) => {
    expect(levelOf(text)).toBe('medium');
  });

  test.each([
    '厨房的煤气灶一直有嘶嘶声，不敢开火',
    '楼道里天然气味道很大，谁家漏了',
    '孩子在健身器材上割到手，流了好多血',
    '小朋友被铁皮划伤了，流血不止，在去急诊的路上',
    '地库的水已经到膝盖了，赶紧挪车',
    '暴雨后车库水没过轮胎了',
    '暖气管爆了，我家老人差点烫着',
    '这个物业管理公司合同一到期必须换掉',
    '楼上漏下来的水滴到插座上了，一直冒火花',
    '雨水渗进配电箱，整栋楼都跳闸了',
    '小孩捡了草地上的药丸吃，现在在医院洗胃',
  ])('When an owner reports danger or escalates (%s), then the message is high', (text) => {
    expect(levelOf(text)).toBe('high');
  });

  test.each([
    '快递柜满了的话，可以放驿站吗',
    '有人拿错快递吗？我的是个黑色的盒子',
    '楼下在炸街的那辆摩托是谁家的',
    '充电的卡在哪里办？',
  ])('When calm wording shares complaint words (%s), then the message is not high and, where calm, none', (text) => {
    expect(levelOf(text)).not.toBe('high');
  });

  test('When a subject keyword of this wave is named, then it gives its topic', () => {
    expect(analyze('3号梯今天保养').topics).toEqual(['elevator']);
    expect(analyze('请问新能源车的充电位在哪').topics).toContain('parking');
    expect(analyze('隔离屋成晚吠').topics).toEqual(['noise']);
    expect(analyze('楼里好多生面孔，是不是有人搞群租').topics).toEqual(['security']);
    expect(analyze('寄到管理处的顺丰可以帮忙签收吗').topics).toEqual(['delivery']);
    expect(analyze('老物业什么时候交接完').topics).toEqual(['service']);
    expect(analyze('外墙保温层有一块鼓起来了').topics).toContain('facilities');
    expect(analyze('下周外墙搭脚手架').topics).toEqual(['facilities']);
    expect(analyze('外墙渗水，卧室墙角都湿了').topics).toEqual(['leak']);
    expect(analyze('走廊灯是声控的吗').topics).toEqual(['facilities']);
    expect(analyze('管理处下周喷杀虫水').topics).toEqual(['greenery']);
  });
});

describe('sentiment lexicon (H13 tuning wave): remedy vocabulary, calm frames, danger now, complaints without complaint words', () => {
  function levelOf(text: string): string {
    const result = analyze(text);
    expectEvidenceInOriginal(text, result);
    return result.level;
  }

  test.each([
    // polite requests with the general remedy vocabulary (add more, earlier, turn down, chase, list, look at)
    '儿童区能不能多放几张长椅，家长都没地方坐',
    '希望快递柜再加一些格子',
    '停电能不能提早半天在群里说',
    '可唔可以開返天台個門',
    '健身房的音乐可不可以关小一点',
    '楼下打麻将可唔可以細聲啲',
    '装修押金退款麻烦催一下',
    '水费单可否列明每个月的用量',
    '车库的排风扇能调一下吗，声音有点大',
    '晚上遛狗还是牵个绳吧',
    '地库那辆车停了好久，保安登记一下吧',
    '客服回电话能快点吗',
    '洗手间的水龙头时冷时热',
    '大堂的冷气不太冷',
    '信报箱的按钮掉了，麻烦看看',
  ])('When an owner politely asks for a remedy or states a mild problem (%s), then the message is low', (text) => {
    expect(levelOf(text)).toBe('low');
  });

  test.each([
    // boilerplate quoted back, refusals, comparisons, sarcasm, slang
    '“我们会尽快安排” 这句话我听了五次了',
    '这是我第四次问这件事了',
    '打了一下午，管理处电话都不接',
    '楼上那家死活不肯修防水',
    '跟隔壁说了还是不改，照样半夜弹琴',
    '物业开的会比干的活都多',
    '水费比隔壁小区贵一倍',
    '我提醒了一句，还嫌我多事',
    '停了一天水，谁都不出来说句话',
    '喷泉那池水多久没换了，都发绿了',
    '车位费凭啥说涨就涨',
    '说好的每周消毒？不存在的',
    '问了客服两句就被拉黑了',
    '半夜有人在楼下唱歌，跟杀猪似的',
    '设计停车场的人有冇脑',
    '保安坐喺度當睇戲，乜都唔理',
    '找管理處，淨係識得話「跟進緊」',
    '冇咗煤气三日，得個「等」字',
    '楼下饭馆的油烟往屋里灌',
    '修路修了俩月，窗户都不敢开',
    '孩子在滑梯上打架，大人在旁边刷手机',
    '你家猫把我女儿抓伤了你负责？',
  ])('When an owner complains without a complaint word (%s), then the message is medium', (text) => {
    expect(levelOf(text)).toBe('medium');
  });

  test.each([
    '邻居家老人摔倒了，满头是血，快叫人',
    '泳池有人遇溺！',
    '保安推倒了一个老人，已经送去医院',
    '不是演习，3栋楼道有烟，大家快下楼',
    '配电箱泡着水，赶紧拉闸',
    '楼上一块玻璃跌咗落街，差啲打中小朋友',
    '招牌吊在半空，随时会砸到人，快拉警戒线',
    '水从插座往下流，整层都跳闸了',
    '物业乱收费，我已经去物价局投诉',
    '这么偷工减料，我去市监局举报',
    '成座一齐唔交管理费，睇佢点',
    '再不处理，不然法院见',
  ])('When an owner reports danger now or escalates to an authority (%s), then the message is high', (text) => {
    expect(levelOf(text)).toBe('high');
  });

  test.each([
    // drills, already handled, no need, not the property's fault, third-party and information use
    '明早九点应急演练，会模拟停电，大家不用担心',
    '今天消防演练，听到警铃别慌',
    '燃气公司下周入户安检，检查漏气，请留人在家',
    '昨晚那个摔伤的阿姨已经送医院了，没大事，大家放心',
    '门口那棵倒下的树已经清走了',
    '这次停水不是物业的问题，是市政管网在维修',
    '我表哥是记者，想来拍拍咱们的新花园',
    '有没有邻居知道12345怎么打，想问个户口的事',
    '想咨询下律师，买房合同的事，有人认识吗',
    '公园新铺了软垫，小孩摔了也不怕',
    '不用报警了，是我家亲戚来了，大家不用打了',
    '电视上说别的城市内涝很严重，咱们这应该没事',
  ])('When a calm frame surrounds alarming words (%s), then the message is none', (text) => {
    expect(levelOf(text)).toBe('none');
  });

  test('When a subject keyword of this wave is named, then it gives its topic', () => {
    expect(analyze('老旧小区改造什么时候开始').topics).toEqual(['facilities']);
    expect(analyze('楼道里一股下水道味').topics).toEqual(['cleaning']);
    expect(analyze('楼下有人吊嗓子').topics).toEqual(['noise']);
    expect(analyze('加装电梯每户出钱多少').topics).toContain('fee');
  });
});
