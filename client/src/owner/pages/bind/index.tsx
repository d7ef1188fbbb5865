import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { routes } from '@shared/routes';
import { Button, Input, Text, View } from '@tarojs/components';
import type { BindResult } from '@shared/contracts/binding.contract';
import { RESIDENT_RELATION_LABELS, type ResidentRelation } from '@shared/domain/household';
import { personNameProblem } from '@shared/domain/contact';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { useSubmit } from '@/hooks/use-submit';
import { call } from '@/services/cloud';
import { refreshMe } from '@/services/account';
import { goHome } from '@/services/navigation';
import { TabBar } from '@/components/tab-bar';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { Choices, choicesOf } from '@/components/choices';
import { Field, FormError } from '@/components/form-field';
import { SubscribeCard } from '@/components/subscribe-card';
import { BindingList } from '../../components/binding-list';

const RELATIONS = choicesOf(RESIDENT_RELATION_LABELS);
const FIELDS = ['unitId', 'name', 'phoneLast4', 'relation'] as const;

/** What the owner typed, checked before sending (the same rules as binding.contract.ts). */
function problems(form: { unitId?: string; name: string; phoneLast4: string; relation?: ResidentRelation }): Record<string, string> {
  const out: Record<string, string> = {};
  if (!form.unitId) out.unitId = '请选择您的房屋';
  const nameProblem = form.name.trim() ? personNameProblem(form.name) : '请填写姓名';
  if (nameProblem) out.name = nameProblem;
  if (!/^\d{4}$/.test(form.phoneLast4.trim())) out.phoneLast4 = '请填写登记手机号的后4位数字';
  if (!form.relation) out.relation = '请选择与房屋的关系';
  return out;
}

/**
 * 绑定房屋 — the home of a WeChat user who is not bound yet (and a page owners open to add a unit):
 * pick 小区 → 楼栋 → 房屋, give the name and the last 4 digits of the phone the office recorded.
 * A match binds at once (then the owner home opens); otherwise the request waits for the office.
 */
export default function BindPage() {
  const session = useSession({ required: true });
  const [communityId, setCommunityId] = useState<string>();
  const [buildingId, setBuildingId] = useState<string>();
  const [entrance, setEntrance] = useState<string>();
  const [floor, setFloor] = useState<number>();
  const [unitId, setUnitId] = useState<string>();
  const [name, setName] = useState('');
  const [phoneLast4, setPhoneLast4] = useState('');
  const [relation, setRelation] = useState<ResidentRelation>();
  const [result, setResult] = useState<BindResult>();
  const options = useCloud('binding', 'options', { communityId, buildingId });
  const mine = useCloud('binding', 'mine');
  const submit = useSubmit();

  const communities = options.data?.communities ?? [];
  // One community to choose from (the usual case): choose it.
  useEffect(() => {
    if (!communityId && communities.length === 1) setCommunityId(communities[0].id);
  }, [communityId, communities]);

  const chooseCommunity = (id: string) => {
    setCommunityId(id);
    chooseBuilding(undefined);
  };
  const chooseBuilding = (id: string | undefined) => {
    setBuildingId(id);
    setEntrance(undefined);
    setFloor(undefined);
    setUnitId(undefined);
  };
  const chooseEntrance = (e: string) => {
    setEntrance(e);
    setFloor(undefined);
    setUnitId(undefined);
  };
  const chooseFloor = (f: string) => {
    setFloor(Number(f));
    setUnitId(undefined);
  };

  const send = async () => {
    const form = { unitId, name, phoneLast4, relation };
    const found = problems(form);
    if (Object.keys(found).length > 0) return submit.fail(found);
    setResult(undefined);
    const res = await submit.run(() =>
      call('binding', 'request', { unitId: unitId as string, name: name.trim(), phoneLast4: phoneLast4.trim(), relation: relation as ResidentRelation }),
    );
    if (!res) return;
    setResult(res);
    mine.reload();
    if (res.binding.status === 'approved') {
      const me = await submit.run(refreshMe);
      // 绑定成功: what was bound and what to do next, then on to the owner home.
      if (me) await Taro.reLaunch({ url: routes.owner.bound.url({ unit: res.binding.unitLabel }) }).catch(() => undefined);
    }
  };

  const isOwner = !!session?.me.roles.includes('owner');
  const errors = submit.fieldErrors;
  const buildings = communityId ? (options.data?.buildings ?? []) : [];
  const units = buildingId ? (options.data?.units ?? []) : [];
  // 楼栋 → 单元 → 楼层 → 房号: a 30-floor tower is 30 floor chips, then the few rooms of one floor.
  const entrances = [...new Set(units.map((u) => u.entrance))].sort((a, b) => a.localeCompare(b, 'zh-CN', { numeric: true }));
  const entranceNow = entrance ?? (entrances.length === 1 ? entrances[0] : undefined);
  const floors = [...new Set(units.filter((u) => u.entrance === entranceNow).map((u) => u.floor))].sort((a, b) => a - b);
  const rooms = units.filter((u) => u.entrance === entranceNow && u.floor === floor).sort((a, b) => a.room.localeCompare(b.room, 'zh-CN', { numeric: true }));
  const chosenUnit = units.find((u) => u.id === unitId);
  const stepLoading = options.loading && !!options.data;

  return (
    <View className="page bind">
      <PageHeader
        title="绑定房屋"
        subtitle={isOwner ? '绑定您的其他房屋' : '您好，请先绑定您的房屋，绑定后即可使用物业服务'}
      />

      <StateView loading={options.loading && !options.data} error={options.error} onRetry={options.reload}>
        <View className="card bind__form">
          <Text className="card__title">选择房屋</Text>
          <Field label="小区" name="community" required>
            {communities.length === 0 ? <Text className="muted">暂无可绑定的小区</Text> : null}
            <Choices name="community" options={communities.map((c) => ({ value: c.id, label: c.name }))} value={communityId} onChange={chooseCommunity} />
          </Field>
          {communityId ? (
            <Field label="楼栋" name="building" required>
              {buildings.length === 0 && !stepLoading ? <Text className="muted">该小区暂无楼栋</Text> : null}
              <Choices name="building" options={buildings.map((b) => ({ value: b.id, label: b.name }))} value={buildingId} onChange={chooseBuilding} />
            </Field>
          ) : null}
          {buildingId ? (
            <>
              {stepLoading ? <Text className="muted">加载中…</Text> : null}
              {units.length === 0 && !stepLoading ? <Text className="muted">该楼栋暂无房屋</Text> : null}
              {entrances.length > 1 ? (
                <Field label="单元" name="entrance" required>
                  <Choices name="entrance" options={entrances.map((e) => ({ value: e, label: `${e}单元` }))} value={entranceNow} onChange={chooseEntrance} />
                </Field>
              ) : null}
              {entranceNow && floors.length ? (
                <Field label="楼层" name="floor" required>
                  <Choices name="floor" options={floors.map((f) => ({ value: String(f), label: `${f}层` }))} value={floor === undefined ? undefined : String(floor)} onChange={chooseFloor} />
                </Field>
              ) : null}
              {floor !== undefined ? (
                <Field label="房号" name="unit" required error={errors.unitId}>
                  <Choices name="unit" options={rooms.map((u) => ({ value: u.id, label: u.room }))} value={unitId} onChange={submit.edited('unitId', setUnitId)} />
                </Field>
              ) : errors.unitId ? (
                <Text className="field__error">{errors.unitId}</Text>
              ) : null}
              {chosenUnit ? <Text className="bind__chosen">已选：{chosenUnit.name}</Text> : null}
            </>
          ) : errors.unitId ? (
            <Text className="field__error">{errors.unitId}</Text>
          ) : null}

          <Text className="card__title bind__section">核对身份</Text>
          <Field label="姓名" name="name" required error={errors.name} hint="请填写物业登记的姓名">
            <Input className="input bind__name" value={name} maxlength={20} placeholder="请输入姓名" onInput={(e) => submit.edited('name', setName)(e.detail.value)} />
          </Field>
          <Field label="手机号后4位" name="phoneLast4" required error={errors.phoneLast4} hint="物业登记的手机号后4位">
            <Input
              className="input bind__phone"
              type="number"
              value={phoneLast4}
              maxlength={4}
              placeholder="例如 1234"
              onInput={(e) => submit.edited('phoneLast4', setPhoneLast4)(e.detail.value)}
            />
          </Field>
          <Field label="与房屋的关系" name="relation" required error={errors.relation}>
            <Choices name="relation" options={RELATIONS} value={relation} onChange={submit.edited('relation', setRelation)} />
          </Field>

          <FormError error={submit.error} shownFields={FIELDS} />
          <Button className="btn btn--primary bind__submit" loading={submit.busy} disabled={submit.busy || undefined} onClick={send}>
            提交绑定
          </Button>
        </View>
      </StateView>

      {result ? (
        <View className={`card bind__result bind__result--${result.binding.status}`}>
          <Text className="card__title">{result.binding.status === 'approved' ? '绑定成功' : result.binding.status === 'pending' ? '已提交物业审核' : '未能绑定'}</Text>
          <Text className="bind__message">{result.message}</Text>
          <Text className="muted">{result.binding.unitLabel}</Text>
          {result.binding.status !== 'approved' ? <Text className="muted bind__tries">本小时剩余尝试次数：{result.triesLeft}</Text> : null}
          {result.binding.status === 'approved' ? <Text className="muted">正在打开绑定结果…</Text> : null}
        </View>
      ) : null}

      {isOwner ? (
        <Button className="btn btn--ghost bind__home" onClick={() => session && goHome(session.me.roles)}>
          返回业主首页
        </Button>
      ) : null}

      <View className="card bind__mine">
        <Text className="card__title">我的申请</Text>
        <StateView loading={mine.loading && !mine.data} error={mine.error} onRetry={mine.reload} empty={mine.data?.length === 0} emptyText="您还没有提交过绑定申请">
          <BindingList items={mine.data ?? []} />
        </StateView>
      </View>
      {/* While a request waits for the office, offer to be told the result in WeChat. */}
      {mine.data?.some((b) => b.status === 'pending') ? <SubscribeCard /> : null}
      {/* A guest's home is this page: it carries the tab bar (an owner adding a unit came here from his home). */}
      {isOwner ? null : <TabBar current="home" />}
    </View>
  );
}
