import { buildingRows, type GroupTally } from '../../cloud/modules/life/results.service';
import type { SurveyQuestion } from '../../shared/domain/life';

const questions: SurveyQuestion[] = [{ key: 'q', kind: 'rating', title: '总体满意度', options: [], required: true }];
const group = (answers: number): GroupTally => ({ answers, questions: new Map() });
const buildings = [
  { _id: 'a', name: '1栋' },
  { _id: 'b', name: '2栋' },
  { _id: 'c', name: '3栋' },
];
const names = (rows: { name: string; answers: number }[]) => rows.map((r) => `${r.name}:${r.answers}`);

test('When one small building of an anonymous survey could be read as the total minus the others, then the smallest shown building joins it as 其他楼栋', () => {
  const { rows, folded } = buildingRows({ anonymous: true, questions }, new Map([['a', group(5)], ['b', group(4)], ['c', group(1)]]), buildings);
  expect(names(rows)).toEqual(['1栋:5', '其他楼栋:5']);
  expect([...folded].sort()).toEqual(['b', 'c']);
});

test('When the small buildings together reach the minimum, then they alone make 其他楼栋 and the others stay shown', () => {
  const { rows } = buildingRows({ anonymous: true, questions }, new Map([['a', group(5)], ['b', group(2)], ['c', group(2)]]), buildings);
  expect(names(rows)).toEqual(['1栋:5', '其他楼栋:4']);
});

test('When a survey is named, then every building with answers is its own row, however small', () => {
  const { rows, notes } = buildingRows({ anonymous: false, questions }, new Map([['a', group(5)], ['b', group(1)]]), buildings);
  expect(names(rows)).toEqual(['1栋:5', '2栋:1']);
  expect(notes).toEqual([]);
});
