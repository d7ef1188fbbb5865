import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import type { PassView } from '@shared/contracts/desk-log.contract';
import { normalizePassCode, PASS_CHECK_LABELS, PASS_CODE_LENGTH } from '@shared/domain/desk-log';
import { call } from '@/services/cloud';
import { toast } from '@/services/ui';
import { useSession } from '@/hooks/use-session';
import { useSubmit } from '@/hooks/use-submit';
import { PageHeader } from '@/components/page-header';
import { FormError } from '@/components/form-field';
import { PassCard } from '@/components/pass-card';
import '@/components/desk-log.scss';

/**
 * 门岗核验 (agents, managers at the gate): type (or scan) the code of a 放行条 → 有效 / 已过期 / 未批准 /
 * 已使用 / 已撤销 with the unit, the items and the carrier; 放行 marks a valid pass used, once.
 */
export default function StaffGatePage() {
  useSession({ required: true });
  const [code, setCode] = useState('');
  const [pass, setPass] = useState<PassView>();
  const submit = useSubmit();

  const check = async (text = code) => {
    const c = normalizePassCode(text);
    if (c.length < 4) return submit.fail({ code: `请输入${PASS_CODE_LENGTH}位放行条编码` });
    setPass(undefined);
    const found = await submit.run(() => call('desk', 'checkPass', { code: c }));
    if (found) setPass(found);
  };
  const scan = async () => {
    const res = await Taro.scanCode({ onlyFromCamera: true }).catch(() => undefined);
    if (res?.result) {
      setCode(res.result);
      await check(res.result);
    }
  };
  const release = async () => {
    if (!pass?.code) return;
    const done = await submit.run(() => call('desk', 'releasePass', { code: pass.code! }));
    if (!done) return;
    setPass(done);
    toast('已放行');
  };

  return (
    <View className="page gate">
      <PageHeader title="门岗核验" subtitle="核对放行条编码、物品和搬运人，无误后放行" />
      <View className="card gate__form">
        <Input
          className="gate__input"
          value={code}
          maxlength={12}
          placeholder="输入8位编码"
          confirmType="search"
          onInput={(e) => (setCode(e.detail.value), submit.clear())}
          onConfirm={() => check()}
        />
        {submit.fieldErrors.code ? <Text className="field__error">{submit.fieldErrors.code}</Text> : null}
        <View className="row-actions">
          {process.env.TARO_ENV === 'weapp' ? (
            <Button className="btn btn--ghost gate__scan" onClick={scan}>
              扫码
            </Button>
          ) : null}
          <Button className="btn btn--primary gate__check" loading={submit.busy && !pass} disabled={submit.busy || undefined} onClick={() => check()}>
            核验
          </Button>
        </View>
      </View>
      <FormError error={submit.error} />
      {pass ? (
        <>
          <Text className={`gate__verdict gate__verdict--${pass.check}`}>{PASS_CHECK_LABELS[pass.check]}</Text>
          <PassCard pass={pass}>
            {pass.actions.includes('release') ? (
              <Button className="btn btn--primary gate__release" loading={submit.busy} disabled={submit.busy || undefined} onClick={release}>
                核对无误，放行
              </Button>
            ) : null}
          </PassCard>
        </>
      ) : null}
    </View>
  );
}
