import { UnitOwners } from '../../cloud/modules/identity/people.service';

describe('UnitOwners (the packed owners-by-unit directory of the reminder run)', () => {
  test('When units get one or several owners, then each unit gives back its own owners in the order added', () => {
    const owners = new UnitOwners();
    owners.add('u1', { id: 'a', name: '张三', phone: '13900000001' });
    owners.add('u2', { id: 'b', name: '李四', phone: '' });
    owners.add('u1', { id: 'c', name: '王五', phone: '13900000003' });
    expect(owners.get('u1')).toEqual([
      { id: 'a', name: '张三', phone: '13900000001' },
      { id: 'c', name: '王五', phone: '13900000003' },
    ]);
    expect(owners.get('u2')).toEqual([{ id: 'b', name: '李四', phone: '' }]);
    expect(owners.get('u3')).toEqual([]);
    expect([...owners.ownerIds()].sort()).toEqual(['a', 'b', 'c']);
  });

  test('When a name holds the separators themselves, then they are dropped and no owner is split or merged', () => {
    const owners = new UnitOwners();
    owners.add('u1', { id: 'a', name: '张\u001e三\u001f', phone: '139\u001f' });
    owners.add('u1', { id: 'b', name: '李四', phone: '1' });
    expect(owners.get('u1')).toEqual([
      { id: 'a', name: '张三', phone: '139' },
      { id: 'b', name: '李四', phone: '1' },
    ]);
  });
});
