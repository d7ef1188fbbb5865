import { categoryAccepted, DEFAULT_REPAIR_CATEGORIES, WARRANTY_CATEGORY } from '@shared/domain/repairs';
import { defectRepairText, INSPECTION_ITEMS, INSPECTION_ROOMS, inspectionProblems, isRoomItem, PAPER_KINDS, PAPER_KIND_LABELS, ROOM_ITEMS } from '@shared/domain/movein';

/** Pure rules of 验房 and owners' papers (movein.md "Inspection (验房) and owners' papers"). */
describe('rooms and items', () => {
  test('When the standard list is read, then every room has the basic items and only wet rooms have drains and waterproofing, only the kitchen gas', () => {
    for (const room of INSPECTION_ROOMS) {
      expect(ROOM_ITEMS[room]).toEqual(expect.arrayContaining(['surfaces', 'doorsWindows', 'electrical']));
      for (const item of ROOM_ITEMS[room]) expect(INSPECTION_ITEMS).toContain(item);
    }
    expect(INSPECTION_ROOMS.filter((r) => isRoomItem(r, 'gas'))).toEqual(['kitchen']);
    expect(INSPECTION_ROOMS.filter((r) => isRoomItem(r, 'waterproofing'))).toEqual(['kitchen', 'bathroom', 'balcony']);
  });

  test('When a defect becomes a repair, then its text names the room and the item', () => {
    expect(defectRepairText('kitchen', 'waterproofing', '水槽下墙角渗水')).toBe('【验房·厨房·防水 · 渗漏】水槽下墙角渗水');
  });

  test('When the paper kinds are read, then they are 购房合同 and 身份证', () => {
    expect(PAPER_KINDS.map((k) => PAPER_KIND_LABELS[k])).toEqual(['购房合同', '身份证']);
  });
});

describe('inspectionProblems', () => {
  test('When every failed item has its defect, then there is no problem', () => {
    expect(
      inspectionProblems({
        checks: [
          { room: 'kitchen', item: 'gas', ok: false },
          { room: 'kitchen', item: 'surfaces', ok: true },
        ],
        defects: [{ room: 'kitchen', item: 'gas' }, { room: 'kitchen', item: 'gas' }],
      }),
    ).toEqual([]);
  });

  test('When an item is not one of the room\'s, checked twice, failed without a defect, or a defect is of an OK or unchecked item, then each is named', () => {
    const problems = inspectionProblems({
      checks: [
        { room: 'masterBedroom', item: 'gas', ok: true },
        { room: 'kitchen', item: 'surfaces', ok: true },
        { room: 'kitchen', item: 'surfaces', ok: true },
        { room: 'bathroom', item: 'plumbing', ok: false },
      ],
      defects: [
        { room: 'kitchen', item: 'surfaces' },
        { room: 'balcony', item: 'plumbing' },
      ],
    });
    expect(problems.map((p) => p.path)).toEqual(['checks.0', 'checks.2', 'defects.0', 'defects.1', 'checks.3']);
    expect(problems[0].message).toBe('主卧没有“燃气管道 · 表具”这一项');
    expect(problems[4].message).toBe('请为卫生间的“给排水 · 地漏”描述问题并拍照');
  });
});

describe('the built-in 维保 category', () => {
  test('When an inspection reports a 维保 order, then the category is accepted though the community does not list it; other channels are held to the list', () => {
    expect(DEFAULT_REPAIR_CATEGORIES as readonly string[]).not.toContain(WARRANTY_CATEGORY);
    expect(categoryAccepted(WARRANTY_CATEGORY, DEFAULT_REPAIR_CATEGORIES, 'inspection')).toBe(true);
    expect(categoryAccepted(WARRANTY_CATEGORY, DEFAULT_REPAIR_CATEGORIES, 'phone')).toBe(false);
    expect(categoryAccepted(WARRANTY_CATEGORY, DEFAULT_REPAIR_CATEGORIES)).toBe(false);
    expect(categoryAccepted('水电', ['水电'], 'inspection')).toBe(true);
    expect(categoryAccepted('燃气', ['水电'], 'inspection')).toBe(false);
  });
});
