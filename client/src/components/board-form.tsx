import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import type { BoardView } from '@shared/contracts/life-boards.contract';
import { BOARD_LOCATION_MAX, BOARD_NAME_MAX } from '@shared/domain/life';
import { call } from '../services/cloud';
import { useCloud } from '../hooks/use-cloud';
import { useSubmit } from '../hooks/use-submit';
import { Choices } from './choices';
import { Field, FormError } from './form-field';
import { newRequestId } from './repair-format';

const PUBLIC = 'public';

/** 新增宣传栏 / 修改: name, the building it stands at (or 小区公共区域), where exactly. */
export function BoardForm({ board, onDone, onClose }: { board?: BoardView; onDone: (b: BoardView) => void; onClose: () => void }) {
  const [requestId] = useState(() => newRequestId('board'));
  const [name, setName] = useState(board?.name ?? '');
  const [building, setBuilding] = useState(board?.buildingId ?? PUBLIC);
  const [location, setLocation] = useState(board?.location ?? '');
  const overview = useCloud('community', 'overview');
  const submit = useSubmit();
  const errors = submit.fieldErrors;
  const options = [{ value: PUBLIC, label: '小区公共区域' }, ...(overview.data?.buildings ?? []).map((b) => ({ value: b.id, label: b.name }))];

  const save = async () => {
    if (!name.trim()) return submit.fail({ name: '请填写宣传栏名称' });
    const input = { name: name.trim(), location: location.trim(), ...(building !== PUBLIC ? { buildingId: building } : {}) };
    const saved = await submit.run(() => (board ? call('life', 'boardUpdate', { boardId: board.id, ...input }) : call('life', 'boardCreate', { requestId, ...input })));
    if (saved) onDone(saved);
  };

  return (
    <View className="card board-form">
      <Text className="card__title">{board ? '修改宣传栏' : '新增宣传栏'}</Text>
      <Field label="名称" name="name" required error={errors.name}>
        <Input className="input board-form__name" value={name} maxlength={BOARD_NAME_MAX} placeholder="如：1号宣传栏、南门宣传栏" onInput={(e) => submit.edited('name', setName)(e.detail.value)} />
      </Field>
      <Field label="所在楼栋" name="building" error={errors.buildingId}>
        <Choices name="board-building" options={options} value={building} onChange={setBuilding} />
      </Field>
      <Field label="具体位置" name="location" error={errors.location}>
        <Input className="input board-form__location" value={location} maxlength={BOARD_LOCATION_MAX} placeholder="如：1单元大堂入口右侧" onInput={(e) => setLocation(e.detail.value)} />
      </Field>
      <FormError error={submit.error} shownFields={['name', 'buildingId', 'location']} />
      <View className="form-buttons">
        <Button className="btn btn--ghost board-form__cancel" size="mini" onClick={onClose}>
          取消
        </Button>
        <Button className="btn btn--primary board-form__submit" size="mini" loading={submit.busy} disabled={submit.busy || undefined} onClick={save}>
          保存
        </Button>
      </View>
    </View>
  );
}
