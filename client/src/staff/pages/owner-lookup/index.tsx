import { useEffect, useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import type { OwnerLookupResult } from '@shared/contracts/desk-owner-view';
import { RESIDENT_RELATION_LABELS } from '@shared/domain/household';
import { LOOKUP_MAX_LENGTH } from '@shared/domain/owner-lookup';
import { routes } from '@shared/routes';
import { useSession } from '@/hooks/use-session';
import { call, toCloudError } from '@/services/cloud';
import { openPage } from '@/services/navigation';
import { PageHeader } from '@/components/page-header';
import '@/components/owner-view.scss';

/** A page parameter as typed (a malformed escape is kept as it is). */
function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * 查询业主 (staff/pages/owner-lookup/index?q=…): an agent types a phone (full or its last 4 digits), a
 * name or a room (1-1-1502, 1栋1502, 15楼02) and opens the owner's 一户一档. A full phone nobody has
 * here is said so, with 登记访客 and 新建业主 offered — never a guess.
 */
export default function OwnerLookupPage() {
  useSession({ required: true });
  const { params } = useRouter();
  const [draft, setDraft] = useState(() => decoded(params.q ?? ''));
  const [result, setResult] = useState<OwnerLookupResult>();
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const search = async (text = draft) => {
    const q = text.trim().slice(0, LOOKUP_MAX_LENGTH);
    if (!q) return setError('请输入电话、姓名或房号');
    setBusy(true);
    setError('');
    try {
      setResult(await call('desk', 'lookup', { q }));
    } catch (e) {
      setError(toCloudError(e).message);
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => {
    if (draft.trim()) void search(draft);
  }, []);

  const nothing = result && result.candidates.length === 0 && result.emptyUnits.length === 0;
  return (
    <View className="page owner-lookup">
      <PageHeader title="查询业主" subtitle="输入手机号、尾号4位、姓名或房号（如 1-1-1502、1栋1502）" />
      <View className="card">
        <View className="units__search">
          <Input
            className="units__search-input owner-lookup__q"
            value={draft}
            maxlength={LOOKUP_MAX_LENGTH}
            confirmType="search"
            placeholder="电话 / 尾号 / 姓名 / 房号"
            onInput={(e) => setDraft(e.detail.value)}
            onConfirm={() => search()}
          />
          <Button className="btn units__search-btn owner-lookup__search" size="mini" loading={busy} disabled={busy || undefined} onClick={() => search()}>
            查询
          </Button>
        </View>
        {error ? <Text className="field__error owner-lookup__error">{error}</Text> : null}
      </View>

      {result?.unknownPhone ? (
        <View className="card owner-lookup__unknown">
          <Text className="card__title">未找到该号码的业主</Text>
          <Text className="muted">本小区没有登记号码为 {result.unknownPhone} 的住户。请确认来电人身份后选择：</Text>
          <View className="owner-view__actions">
            <Button className="btn btn--primary owner-lookup__visitor" onClick={() => openPage(routes.staff.contactNew, { phone: result.unknownPhone })}>
              登记访客
            </Button>
            <Button className="btn owner-lookup__new-owner" onClick={() => openPage(routes.staff.directory)}>
              新建业主
            </Button>
          </View>
          <Text className="muted owner-lookup__hint">新建业主：在房屋列表中找到其房屋，进入房屋资料后“添加住户”。</Text>
        </View>
      ) : null}

      {nothing && !result.unknownPhone ? <Text className="muted owner-lookup__none">没有找到与“{result.query}”相关的业主或房屋</Text> : null}

      {result && result.candidates.length > 0 ? (
        <View className="card owner-lookup__results">
          <Text className="card__title">找到 {result.candidates.length} 位</Text>
          {result.candidates.map((c) => (
            <View key={c.residentIds[0]} className="unit-row unit-row--link owner-lookup__candidate" onClick={() => openPage(routes.staff.ownerView, { kind: c.view.kind, id: c.view.id })}>
              <View className="unit-row__main">
                <Text className="unit-row__label owner-lookup__name">
                  {c.name}
                  <Text className="muted">（{RESIDENT_RELATION_LABELS[c.relation]}）</Text>
                </Text>
                {c.boundToApp ? <Text className="tag tag--on">已绑定微信</Text> : <Text className="tag">未绑定</Text>}
              </View>
              <Text className="unit-row__meta owner-lookup__phone">{c.phone || '未登记电话'}</Text>
              <Text className="unit-row__meta owner-lookup__units">{c.units.map((u) => u.label).join('、')}</Text>
            </View>
          ))}
          {result.truncated ? <Text className="muted">结果较多，请输入更完整的号码或房号</Text> : null}
        </View>
      ) : null}

      {result && result.emptyUnits.length > 0 ? (
        <View className="card owner-lookup__empty-units">
          <Text className="card__title">无住户登记的房屋</Text>
          {result.emptyUnits.map((u) => (
            <View key={u.id} className="unit-row unit-row--link owner-lookup__empty-unit" onClick={() => openPage(routes.staff.unit, { unitId: u.id })}>
              <Text className="unit-row__label">{u.label}</Text>
              <Text className="link">新建业主 ›</Text>
            </View>
          ))}
        </View>
      ) : null}
    </View>
  );
}
