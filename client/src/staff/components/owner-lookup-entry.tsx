import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import { LOOKUP_MAX_LENGTH } from '@shared/domain/owner-lookup';
import { routes } from '@shared/routes';
import { openPage } from '@/services/navigation';
import '@/components/owner-view.scss';

/** Agent and cashier desks: 查询业主 / 一户一档 — type a phone, name or room and go to the results. */
export function OwnerLookupEntry() {
  const [q, setQ] = useState('');
  const go = () => openPage(routes.staff.ownerLookup, q.trim() ? { q: q.trim().slice(0, LOOKUP_MAX_LENGTH) } : {});
  return (
    <View className="card owner-lookup-entry">
      <Text className="card__title">查询业主 · 一户一档</Text>
      <Text className="muted">来电、来访时输入电话、尾号、姓名或房号，查看业主全部信息</Text>
      <View className="owner-lookup-entry__row units__search">
        <Input className="units__search-input owner-lookup-entry__q" value={q} maxlength={LOOKUP_MAX_LENGTH} confirmType="search" placeholder="电话 / 尾号 / 姓名 / 房号" onInput={(e) => setQ(e.detail.value)} onConfirm={go} />
        <Button className="btn btn--primary units__search-btn owner-lookup-entry__go" size="mini" onClick={go}>
          查询
        </Button>
      </View>
    </View>
  );
}
