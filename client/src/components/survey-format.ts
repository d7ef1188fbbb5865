import Taro from '@tarojs/taro';
import type { SurveySummary, SurveyView } from '@shared/contracts/life-survey-view';
import { SURVEY_KIND_LABELS, SURVEY_PER_LABELS, SURVEY_REPEAT_LABELS, SURVEY_STATUS_LABELS } from '@shared/domain/life';

/** Where a survey stands for pages: 进行中 / 未开始 / 已结束 / 草稿. */
export function surveyStateText(s: Pick<SurveySummary, 'status' | 'open' | 'opensOn' | 'closesOn'>, today: string): string {
  if (s.status === 'published' && !s.open) return s.opensOn > today ? '未开始' : '已截止';
  return SURVEY_STATUS_LABELS[s.status];
}

/** One line of how a survey is answered: 不记名 · 每户一份 · 截止前可修改答卷. */
export function surveyRules(s: Pick<SurveyView, 'anonymous' | 'per' | 'repeat'>): string {
  return [s.anonymous ? '不记名' : '实名', SURVEY_PER_LABELS[s.per], SURVEY_REPEAT_LABELS[s.repeat]].join(' · ');
}

export const surveyKindText = (s: Pick<SurveySummary, 'kind' | 'year'>) => (s.kind === 'satisfaction' && s.year ? `${s.year}年度${SURVEY_KIND_LABELS.satisfaction}` : SURVEY_KIND_LABELS[s.kind]);

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** 16 random bytes from the platform's secure generator (H5: Web Crypto; weapp: the user crypto manager). */
async function randomHex(): Promise<string> {
  const web = (globalThis as { crypto?: { getRandomValues?: (a: Uint8Array) => Uint8Array } }).crypto;
  if (web?.getRandomValues) return hex(web.getRandomValues(new Uint8Array(16)));
  return new Promise((resolve, reject) => {
    Taro.getUserCryptoManager().getRandomValues({
      length: 16,
      success: (r: { randomValues: ArrayBuffer }) => resolve(hex(new Uint8Array(r.randomValues))),
      fail: () => reject(new Error('无法生成答卷凭据，请升级微信后重试')),
    });
  });
}

const tokenKey = (userId: string, surveyId: string, unitId?: string) => `survey-token:${userId}:${surveyId}:${unitId ?? 'me'}`;

/** The anonymous answer's token this phone keeps for a survey (and unit), if it has one. */
export function storedSurveyToken(userId: string, surveyId: string, unitId?: string): string | undefined {
  try {
    const t = Taro.getStorageSync(tokenKey(userId, surveyId, unitId)) as unknown;
    return typeof t === 'string' && /^[a-f0-9]{32,64}$/.test(t) ? t : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The token of an anonymous answer: the one kept for the survey, or a new random one stored BEFORE
 * the answer is sent (a retry after a lost reply then resends the same token, and a change later
 * proves it is the same phone). The server only ever sees it hashed next to the answer.
 */
export async function surveyToken(userId: string, surveyId: string, unitId?: string): Promise<string> {
  const kept = storedSurveyToken(userId, surveyId, unitId);
  if (kept) return kept;
  const t = await randomHex();
  Taro.setStorageSync(tokenKey(userId, surveyId, unitId), t);
  return t;
}
