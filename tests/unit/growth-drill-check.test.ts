import { analyze } from '../../cloud/modules/sentiment';
import { checkReply, DRILL_SCENARIOS, findTime, rubricOf, scenarioById, type DrillScenario } from '../../cloud/modules/growth/drills';
import { DRILL_ELEMENTS } from '@shared/domain/growth';

/** The rule-based check of drill replies (docs/modules/growth.md "Practice drills"). */

const check = (s: DrillScenario, reply: string) => checkReply(rubricOf(s), reply, analyze(reply).evidence, s.message);
const leak = scenarioById('leak-angry')!;
const element = (r: ReturnType<typeof check>, e: string) => r.elements.find((x) => x.element === e)!;

const GOOD_LEAK =
  '王先生您好，非常抱歉让您等了这么久。您家卫生间天花板漏水的情况我记下了，我马上安排维修师傅30分钟内上门查看。处理完我给您回个电话。感谢您的理解。';

describe('the scenarios', () => {
  it('has at least seven, each with its own id, channel and a model reply', () => {
    expect(DRILL_SCENARIOS.length).toBeGreaterThanOrEqual(7);
    expect(new Set(DRILL_SCENARIOS.map((s) => s.id)).size).toBe(DRILL_SCENARIOS.length);
    for (const s of DRILL_SCENARIOS) expect(['phone', 'wechat', 'face']).toContain(s.channel);
  });

  it.each(DRILL_SCENARIOS.map((s) => [s.id, s] as const))("the model reply of %s passes with every element met", (_id, s) => {
    const r = check(s, s.modelReply);
    expect(r.elements.filter((e) => !e.met).map((e) => e.element)).toEqual([]);
    expect(r.forbidden).toEqual([]);
    expect(r.length.ok).toBe(true);
    expect(r.passed).toBe(true);
    expect(r.score).toBeGreaterThanOrEqual(85);
  });
});

describe('required elements', () => {
  it('a good reply meets each element and names the words that counted', () => {
    const r = check(leak, GOOD_LEAK);
    expect(r.passed).toBe(true);
    expect(r.score).toBe(100);
    expect(element(r, 'greeting').matched).toContain('您好');
    expect(element(r, 'empathy').matched).toContain('抱歉');
    expect(element(r, 'restate').matched).toContain('漏水');
    expect(element(r, 'nextStep').matched).toEqual(expect.arrayContaining(['安排', '30分钟内']));
    expect(element(r, 'followUp').matched).toContain('给您回个电话');
    expect(element(r, 'closing').matched).toContain('感谢');
  });

  it.each(DRILL_ELEMENTS.map((e) => [e]))('a reply without %s misses it with a hint, and fails', (e) => {
    const without: Record<string, string> = {
      greeting: GOOD_LEAK.replace('王先生您好，', ''),
      empathy: GOOD_LEAK.replace('非常抱歉让您等了这么久。', ''),
      restate: GOOD_LEAK.replace('您家卫生间天花板漏水的情况我记下了，', ''),
      nextStep: GOOD_LEAK.replace('我马上安排维修师傅30分钟内上门查看。', '我们会重视。'),
      followUp: GOOD_LEAK.replace('处理完我给您回个电话。', ''),
      closing: GOOD_LEAK.replace('感谢您的理解。', ''),
    };
    const r = check(leak, without[e]);
    expect(element(r, e).met).toBe(false);
    expect(element(r, e).hint.length).toBeGreaterThan(5);
    expect(r.passed).toBe(false);
  });

  it('a next step without a time fails that element, saying a time is missing', () => {
    const r = check(leak, GOOD_LEAK.replace('我马上安排维修师傅30分钟内上门查看。', '我马上安排维修师傅上门查看。'));
    const next = element(r, 'nextStep');
    expect(next.met).toBe(false);
    expect(next.matched).toContain('安排');
    expect(next.hint).toContain('什么时候');
    expect(r.passed).toBe(false);
    expect(r.score).toBe(70);
  });

  it('the time must be in the sentence of the action', () => {
    const r = check(leak, '王先生您好，非常抱歉。今天您家漏水了。我会安排师傅上门。处理完给您回个电话，感谢理解。');
    // 今天 is in the restating sentence, not in the one with 安排.
    expect(element(r, 'nextStep').met).toBe(false);
  });

  it('a wrong 称呼 in the 称呼 scenario is a forbidden phrase and the right one is required', () => {
    const s = scenarioById('wrong-title')!;
    const r = check(s, s.modelReply.replace('李女士您好', '李先生您好'));
    expect(r.forbidden.map((f) => f.text)).toContain('李先生');
    expect(element(r, 'greeting').met).toBe(false);
    expect(r.passed).toBe(false);
  });
});

describe('time expressions', () => {
  it.each([
    ['30分钟内', '我们30分钟内到'],
    ['半小时内', '半小时内安排'],
    ['半个小时内', '师傅半个小时内上门'],
    ['2小时内', '2小时内处理好'],
    ['两个小时内', '两个小时内处理好'],
    ['三个工作日内', '三个工作日内答复'],
    ['下午三点前', '下午三点前上门'],
    ['今天下午3点前', '今天下午3点前给您答复'],
    ['明天上午', '明天上午安排师傅'],
    ['今晚', '今晚处理'],
    ['15:30', '15:30到'],
    ['9点', '9点上门'],
    ['3点半前', '3点半前上门'],
    ['周五前', '周五前办好'],
    ['下班前', '下班前通知'],
  ])('finds %s', (expected, text) => {
    expect(findTime(text)).toBe(expected);
  });

  it.each([['马上安排'], ['尽快处理'], ['等一点时间'], ['立即派人'], ['我们会处理好']])('%s is not a time', (text) => {
    expect(findTime(text)).toBeNull();
  });
});

describe('forbidden phrases', () => {
  it('a rude reply fails, naming the phrases found with where they are', () => {
    const reply = '王先生您好，这不是我们的责任，楼上漏水你自己找楼上去，我也没办法。';
    const r = check(leak, reply);
    expect(r.passed).toBe(false);
    const found = r.forbidden.map((f) => f.text);
    expect(found).toEqual(expect.arrayContaining(['这不是我们的责任', '你自己找', '我也没办法']));
    for (const f of r.forbidden) {
      expect(reply.slice(f.start, f.end)).toBe(f.text);
      expect(f.hint).toBeTruthy();
    }
    expect(r.score).toBe(0);
  });

  it.each([['爱交不交'], ['随便你'], ['不归我们管'], ['我们不管了']])('%s is forbidden', (phrase) => {
    const r = check(leak, `${GOOD_LEAK}${phrase}。`);
    expect(r.forbidden.length).toBeGreaterThan(0);
    expect(r.passed).toBe(false);
  });

  it('negation is read: 不是不管 / 不会不管 is not 不管, 不管怎样 is not refusing', () => {
    for (const reply of [
      GOOD_LEAK.replace('感谢您的理解。', '我们不是不管，感谢您的理解。'),
      GOOD_LEAK.replace('感谢您的理解。', '我们绝不会不管，感谢您的理解。'),
      GOOD_LEAK.replace('感谢您的理解。', '不管怎样都会给您处理好，感谢您的理解。'),
    ]) {
      const r = check(leak, reply);
      expect(r.forbidden).toEqual([]);
      expect(r.passed).toBe(true);
    }
  });

  it('a negated element does not count: 我不理解 is no empathy', () => {
    const r = check(leak, '王先生您好，我不理解您为什么着急。您家漏水我马上安排师傅30分钟内上门。处理完给您回个电话，谢谢。');
    expect(element(r, 'empathy').met).toBe(false);
  });
});

describe('negative markers and length', () => {
  it('sarcasm and strong negative words are warnings that cost points, not a fail by themselves', () => {
    const r = check(leak, GOOD_LEAK.replace('感谢您的理解。', '呵呵，感谢您的理解。'));
    expect(r.markers.map((m) => [m.text, m.kind])).toContainEqual(['呵呵', 'sarcasm']);
    expect(r.passed).toBe(true);
    expect(r.score).toBe(95);
  });

  it('the words of the problem the owner named are a restatement, not a negative tone', () => {
    const r = check(leak, GOOD_LEAK);
    expect(r.markers).toEqual([]);
  });

  it('a reply too short fails the length', () => {
    const r = check(leak, '您好，抱歉，马上修。');
    expect(r.length.ok).toBe(false);
    expect(r.passed).toBe(false);
  });
});
