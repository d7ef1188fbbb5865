import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Image, Input, Text, View } from '@tarojs/components';
import type { PassView } from '@shared/contracts/desk-log.contract';
import type { GatePassView } from '@shared/contracts/renovation.contract';
import { chineseDate } from '@shared/domain/calendar';
import { normalizePassCode, PASS_CHECK_LABELS, PASS_CODE_LENGTH } from '@shared/domain/desk-log';
import { formatPassCode } from '@shared/domain/pass-code';
import { PASS_VERDICT_LABELS } from '@shared/domain/renovation-permit';
import { call, toCloudError } from '@/services/cloud';
import { photoSrc, previewPhotos } from '@/services/photos';
import { toast } from '@/services/ui';
import { useSession } from '@/hooks/use-session';
import { useSubmit } from '@/hooks/use-submit';
import { PageHeader } from '@/components/page-header';
import { FormError } from '@/components/form-field';
import { PassCard } from '@/components/pass-card';
import '@/components/desk-log.scss';
import '@/components/renovation-permit.scss';

/**
 * 门岗核验 (agents, managers at the gate): type (or scan) the code of a 放行条 → 有效 / 已过期 / 未批准 /
 * 已使用 / 已撤销 with the unit, the items and the carrier; 放行 marks a valid pass used, once. The same box
 * checks a worker's 装修出入证 (renovation.md "Approval, permit and passes"): a code that is no 放行条 is
 * looked up there — 有效 / 未到有效期 / 已过期 / 已撤销 / 停工整改中 / 尚未开工 with the reason, the worker's
 * photo, name and whole ID number, the unit, the permit's dates and whether noisy works are allowed now.
 */
export default function StaffGatePage() {
  useSession({ required: true });
  const [code, setCode] = useState('');
  const [pass, setPass] = useState<PassView>();
  const [worker, setWorker] = useState<GatePassView>();
  const submit = useSubmit();

  const check = async (text = code) => {
    const c = normalizePassCode(text);
    if (c.length < 4) return submit.fail({ code: `请输入${PASS_CODE_LENGTH}位放行条或装修出入证编码` });
    setPass(undefined);
    setWorker(undefined);
    // A 放行条 first; a code that is none: a worker's 装修出入证.
    const found = await submit.run(async () => {
      try {
        return { pass: await call('desk', 'checkPass', { code: c }) };
      } catch (e) {
        if (toCloudError(e).code !== 'PASS.NOT_FOUND') throw e;
      }
      try {
        return { worker: await call('renovation', 'checkPass', { code: c }) };
      } catch (e) {
        if (toCloudError(e).code !== 'RENOVATION.PASS_NOT_FOUND') throw e;
        return {};
      }
    });
    if (found?.pass) setPass(found.pass);
    else if (found?.worker) setWorker(found.worker);
    else if (found) submit.fail({ code: '没有这个编码的放行条或装修出入证，请核对后重新输入' });
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
      <PageHeader title="门岗核验" subtitle="核对放行条（物品、搬运人）或装修出入证（施工人员本人）" />
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
      {worker ? <WorkerPass pass={worker} /> : null}
    </View>
  );
}

/** A worker's 装修出入证 at the gate: the verdict first, then who it is (photo, name, the whole ID number to compare with the card) and where they work. */
function WorkerPass({ pass: p }: { pass: GatePassView }) {
  return (
    <>
      <Text className={`gate__verdict gate__verdict--${p.verdict}`}>装修出入证 · {PASS_VERDICT_LABELS[p.verdict]}</Text>
      <View className="card gate-worker">
        <View className="gate-worker__main">
          {p.photoUrl ? (
            <Image className="gate-worker__photo" src={photoSrc(p.photoUrl)} mode="aspectFill" onClick={() => previewPhotos([p.photoUrl!], p.photoUrl!)} />
          ) : (
            <Text className="gate-worker__no-photo">无照片</Text>
          )}
          <View className="gate-worker__who">
            <Text className="gate-worker__name">{p.name}</Text>
            <Text className="gate-worker__id">{p.idNumber}</Text>
            {p.phone ? <Text className="muted">{p.phone}</Text> : null}
            <Text className="muted">请核对身份证与本人一致</Text>
          </View>
        </View>
        <Text className="gate-worker__reason">{p.reason}</Text>
        <Text className="pass-card__line">施工房屋：{p.unitLabel}</Text>
        <Text className="pass-card__line">
          施工单位：{p.company || '—'}
          {p.foreman ? `（负责人 ${p.foreman}）` : ''}
        </Text>
        <Text className="pass-card__line">
          许可证有效期：{chineseDate(p.validFrom)} 至 {chineseDate(p.validTo)}
        </Text>
        <Text className="muted">
          编码 {formatPassCode(p.code)} · 装修单号 {p.renovationNo}
        </Text>
        <Text className={`gate-worker__noisy ${p.noisyAllowed ? 'gate-worker__noisy--yes' : ''}`}>
          {p.noisyAllowed ? '现在可以进行噪声作业' : p.anyWorkAllowed ? '现在不得进行电钻、切割、敲打等噪声作业' : '现在不在施工时间内，不得施工'}
        </Text>
        <Text className="muted">{p.workingHoursText}</Text>
      </View>
    </>
  );
}
