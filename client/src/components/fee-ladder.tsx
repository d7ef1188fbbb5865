import { useEffect, useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import type { LadderView } from '@shared/contracts/fees.contract';
import { ladderDaysProblem } from '@shared/domain/fees';
import { formatTime } from '@shared/domain/calendar';
import { call } from '../services/cloud';
import { toast } from '../services/ui';
import { useCloud } from '../hooks/use-cloud';
import { useSubmit } from '../hooks/use-submit';
import { FormError } from './form-field';
import { StateView } from './state-view';

/** Days from the due date in words: −3 → 到期前3天, 0 → 到期当天, 15 → 逾期15天. */
export function ladderDayLabel(days: number): string {
  return days < 0 ? `到期前${-days}天` : days === 0 ? '到期当天' : `逾期${days}天`;
}

/**
 * Stage 0 may be negative: a plain text field (the mini-program's number keypad has no minus sign);
 * the others a number keypad. In the browser always text (a number input hides what was typed wrong).
 */
const inputTypeOf = (stage: number): 'text' | 'number' => (process.env.TARO_ENV === 'h5' || stage === 0 ? 'text' : 'number');

/** A whole number of days typed in a field (a leading minus allowed); null otherwise. */
function daysOf(text: string): number | null {
  return /^\s*-?\d{1,3}\s*$/.test(text) ? Number(text) : null;
}

/**
 * 催缴阶梯: when each reminder stage starts, in days from the due date, with the default next to
 * it and who changed it last. Managers edit and save it (checked here with the server's own rule
 * first); everyone else reads it.
 */
export function FeeLadder({ canEdit }: { canEdit: boolean }) {
  const ladder = useCloud('fees', 'ladder');
  const [texts, setTexts] = useState<string[]>([]);
  const submit = useSubmit();
  const data = ladder.data;

  const reset = (view: LadderView) => setTexts(view.stages.map((s) => String(s.days)));
  useEffect(() => {
    if (data) reset(data);
  }, [data]);

  const parsed = texts.map(daysOf);
  const changed = !!data && data.stages.some((s, i) => texts[i] !== undefined && texts[i].trim() !== String(s.days));
  const atDefaults = !!data && data.stages.every((s, i) => parsed[i] === s.defaultDays);

  const save = async () => {
    if (!data) return;
    const found: Record<string, string> = {};
    parsed.forEach((d, i) => {
      if (d === null) found[`stage${i}`] = '请填写整数天数';
    });
    if (Object.keys(found).length > 0) return submit.fail(found);
    const days = parsed as number[];
    const problem = ladderDaysProblem(days);
    if (problem) return submit.fail({ days: problem });
    const saved = await submit.run(() => call('fees', 'saveLadder', { days }));
    if (!saved) return;
    ladder.set(saved);
    toast('催缴阶梯已保存');
  };

  /** Put the defaults in the fields (saved only with 保存). */
  const fillDefaults = () => {
    if (!data) return;
    submit.clear();
    setTexts(data.stages.map((s) => String(s.defaultDays)));
  };

  const errors = submit.fieldErrors;
  return (
    <View className="card fees__ladder fee-ladder">
      <Text className="card__title">催缴阶梯</Text>
      <Text className="muted">每张账单按到期日计算，到达天数即进入该阶段（每阶段只处理一次）；修改从下次催缴运行起生效</Text>
      <StateView loading={ladder.loading && !data} error={ladder.error} onRetry={ladder.reload}>
        {data ? (
          <>
            {data.stages.map((s, i) => {
              const d = parsed[i];
              return (
                <View key={s.stage} className={`fee-ladder__stage fee-ladder__stage--${s.stage} ${errors[`stage${i}`] ? 'field--invalid' : ''}`}>
                  <View className="unit-row__main">
                    <Text className="fee-ladder__label">
                      {s.stage}. {s.label}
                    </Text>
                    {canEdit ? (
                      <View className="fee-ladder__days">
                        <Input
                          className="input fee-ladder__input"
                          type={inputTypeOf(s.stage)}
                          value={texts[i] ?? ''}
                          maxlength={4}
                          onInput={(e) => {
                            const value = e.detail.value;
                            submit.edited(`stage${i}`, (v: string) => setTexts((prev) => prev.map((t, j) => (j === i ? v : t))))(value);
                            submit.edited('days', () => undefined)(value);
                          }}
                        />
                        <Text className="fee-ladder__unit">天</Text>
                      </View>
                    ) : null}
                  </View>
                  <Text className="unit-row__meta fee-ladder__meta">
                    {d !== null && d !== undefined ? ladderDayLabel(d) : '—'} · 默认：{ladderDayLabel(s.defaultDays)}
                  </Text>
                  {errors[`stage${i}`] ? <Text className="field__error">{errors[`stage${i}`]}</Text> : null}
                </View>
              );
            })}
            {errors.days ? <Text className="field__error fee-ladder__problem">{errors.days}</Text> : null}
            <FormError error={submit.error} shownFields={['days']} />
            <Text className="muted fee-ladder__updated">{data.updatedAt ? `${data.updatedBy ?? ''} 于 ${formatTime(data.updatedAt)} 修改` : '使用默认阶梯'}</Text>
            {canEdit ? (
              <View className="form-buttons">
                <Button className="btn btn--ghost fee-ladder__defaults" size="mini" disabled={submit.busy || atDefaults || undefined} onClick={fillDefaults}>
                  恢复默认
                </Button>
                <Button className="btn btn--primary fee-ladder__save" size="mini" loading={submit.busy} disabled={submit.busy || !changed || undefined} onClick={save}>
                  保存
                </Button>
              </View>
            ) : null}
          </>
        ) : null}
      </StateView>
    </View>
  );
}
