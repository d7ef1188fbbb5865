import { ObjectId } from 'mongodb';
import { parseShapeKey, servingIndexOf, shapeKey, shapeOf, shapesOfCommand, uncoveredReason, type IndexKeys, type QueryShape } from '../../cloud/lib/query-shape';

/** The index-coverage rule (tests/setup/index-coverage.ts runs it after every integration file). */
const key = (filter: unknown, sort?: unknown) => shapeKey(shapeOf('repairs', 'find', filter, sort));
const why = (indexes: IndexKeys[], filter: unknown, sort?: unknown) => uncoveredReason(shapeOf('repairs', 'find', filter, sort), indexes);
const COMMUNITY: IndexKeys = [['communityId', 1]];
const LIST: IndexKeys = [['communityId', 1], ['status', 1], ['createdAt', -1], ['_id', -1]];

describe('shapeOf / shapeKey: which fields a filter tests and how, without the values', () => {
  test('When a filter tests fields by equality, $in, a range and $exists, then each gets its kind and the fields are sorted by path', () => {
    expect(key({ status: { $in: ['open', 'done'] }, communityId: 'c1', createdAt: { $gte: new Date(), $lt: new Date() }, deletedAt: { $exists: false } })).toBe(
      'repairs find {communityId:eq,createdAt:range,deletedAt:exists,status:in}',
    );
  });

  test('When a value is an ObjectId, a Date, null, an array or an embedded document, then it is an equality', () => {
    expect(key({ _id: new ObjectId(), at: new Date(), gone: null, tags: ['a', 'b'], address: { building: '1' }, n: 3, ok: true })).toBe('repairs find {_id:eq,address:eq,at:eq,gone:eq,n:eq,ok:eq,tags:eq}');
    expect(key({ status: { $eq: 'open' } })).toBe('repairs find {status:eq}');
  });

  test('When a regex is anchored and case-sensitive, then it narrows like a prefix; unanchored or case-insensitive, it does not', () => {
    expect(key({ phone: /^138/ })).toBe('repairs find {phone:prefix}');
    expect(key({ phone: { $regex: '^138' } })).toBe('repairs find {phone:prefix}');
    expect(key({ phone: { $regex: /^138/ } })).toBe('repairs find {phone:prefix}');
    expect(key({ phone: /138$/ })).toBe('repairs find {phone:other}');
    expect(key({ phone: { $regex: '8000$' } })).toBe('repairs find {phone:other}');
    expect(key({ name: /^张/i })).toBe('repairs find {name:other}');
    expect(key({ name: { $regex: '^张', $options: 'i' } })).toBe('repairs find {name:other}');
  });

  test('When a condition cannot narrow an index ($ne, $nin, $not, $elemMatch), then it is "other"', () => {
    expect(key({ a: { $ne: 1 }, b: { $nin: [1] }, c: { $not: { $gt: 1 } }, d: { $elemMatch: { x: 1 } } })).toBe('repairs find {a:other,b:other,c:other,d:other}');
  });

  test('When a filter has $and, then its parts are fields of the filter; $or branches are kept apart', () => {
    expect(key({ $and: [{ communityId: 'c1' }, { status: 'open' }] })).toBe('repairs find {communityId:eq,status:eq}');
    expect(key({ communityId: 'c1', $or: [{ reporterId: 'u' }, { unitId: { $in: ['a'] } }] })).toBe('repairs find {communityId:eq} or [{reporterId:eq} {unitId:in}]');
  });

  test('When a query sorts, then the sort is part of the shape, directions normalised to 1 / -1', () => {
    expect(key({ communityId: 'c1' }, { createdAt: 'desc', _id: -1 })).toBe('repairs find {communityId:eq} sort {createdAt:-1,_id:-1}');
  });

  test('When shapeKey is parsed back, then it gives the same shape', () => {
    const s = shapeOf('repairs', 'find', { communityId: 'c1', 'firsts.completedAt': { $gte: 1 }, $or: [{ a: 1 }, { b: { $in: [1] } }] }, { 'firsts.completedAt': -1, _id: 1 });
    expect(parseShapeKey(shapeKey(s))).toEqual(s);
    expect(shapeKey(parseShapeKey('claims delete {}'))).toBe('claims delete {}');
  });
});

describe('shapesOfCommand: the shapes of a command as the driver sends it', () => {
  test('When the command is a find or findAndModify, then its filter and sort make the shape', () => {
    expect(shapesOfCommand('find', { find: 'repairs', filter: { communityId: 'c' }, sort: { createdAt: -1 }, limit: 20 }).map(shapeKey)).toEqual(['repairs find {communityId:eq} sort {createdAt:-1}']);
    expect(shapesOfCommand('findAndModify', { findAndModify: 'jobs', query: { status: 'open' }, sort: { dueAt: 1 }, update: {} }).map(shapeKey)).toEqual(['jobs findAndModify {status:eq} sort {dueAt:1}']);
  });

  test('When the command is an update or delete of several statements, then each statement is a shape', () => {
    expect(shapesOfCommand('update', { update: 'bills', updates: [{ q: { _id: 1 }, u: {} }, { q: { communityId: 'c', period: '2024-05' }, u: {} }] }).map(shapeKey)).toEqual([
      'bills update {_id:eq}',
      'bills update {communityId:eq,period:eq}',
    ]);
    expect(shapesOfCommand('delete', { delete: 'claims', deletes: [{ q: { at: { $lt: 1 } }, limit: 0 }] }).map(shapeKey)).toEqual(['claims delete {at:range}']);
  });

  test('When the command is a count or distinct, then its query makes the shape', () => {
    expect(shapesOfCommand('count', { count: 'units', query: { communityId: 'c' } }).map(shapeKey)).toEqual(['units count {communityId:eq}']);
    expect(shapesOfCommand('distinct', { distinct: 'units', key: 'building', query: {} }).map(shapeKey)).toEqual(['units distinct {}']);
  });

  test('When an aggregate starts with $match and $sort, then they make the shape; without $match it is a scan', () => {
    expect(shapesOfCommand('aggregate', { aggregate: 'bills', pipeline: [{ $match: { communityId: 'c', status: 'due' } }, { $sort: { dueAt: 1 } }, { $group: { _id: '$unitId' } }] }).map(shapeKey)).toEqual([
      'bills aggregate {communityId:eq,status:eq} sort {dueAt:1}',
    ]);
    expect(shapesOfCommand('aggregate', { aggregate: 'bills', pipeline: [{ $sort: { dueAt: 1 } }, { $limit: 1 }] }).map(shapeKey)).toEqual(['bills aggregate {} sort {dueAt:1}']);
    expect(shapesOfCommand('aggregate', { aggregate: 'bills', pipeline: [{ $group: { _id: null, n: { $sum: 1 } } }] }).map(shapeKey)).toEqual(['bills aggregate {}']);
  });

  test('When a command has no filter (insert, getMore, createIndexes), then it has no shape', () => {
    expect(shapesOfCommand('insert', { insert: 'bills', documents: [{}] })).toEqual([]);
    expect(shapesOfCommand('getMore', { getMore: 1, collection: 'bills' })).toEqual([]);
  });
});

describe('uncoveredReason: a declared index serves the shape, or why not', () => {
  test('When the filter tests the leading key of an index by equality, $in, a range or an anchored regex, then it is served', () => {
    expect(why([COMMUNITY], { communityId: 'c1', title: 'x' })).toBeNull();
    expect(why([COMMUNITY], { communityId: { $in: ['c1', 'c2'] } })).toBeNull();
    expect(why([[['dueAt', 1]]], { dueAt: { $lte: new Date() } })).toBeNull();
    expect(why([[['phone', 1]]], { phone: /^138/ })).toBeNull();
  });

  test('When the filter does not test an index\'s leading key, or tests it in a way that cannot narrow, then it is not served', () => {
    expect(why([LIST], { status: 'open', createdAt: { $lt: 1 } })).toBe('no index has a leading key the filter narrows by');
    expect(why([[['phone', 1]]], { phone: /138$/ })).toBe('no index has a leading key the filter narrows by');
    expect(why([[['name', 1]]], { name: /^张/i })).toBe('no index has a leading key the filter narrows by');
    expect(why([COMMUNITY], { communityId: { $ne: 'c1' } })).toBe('no index has a leading key the filter narrows by');
    expect(why([[['deletedAt', 1]]], { deletedAt: { $exists: true } })).toBe('no index has a leading key the filter narrows by');
  });

  test('When the filter is empty, then it is a collection scan whatever the indexes', () => {
    expect(why([COMMUNITY, LIST], {})).toBe('no filter: a collection scan');
    expect(uncoveredReason(shapeOf('repairs', 'delete', {}), [COMMUNITY])).toBe('no filter: a collection scan');
  });

  test('When the filter tests _id by equality or $in, then it is served with any sort and without any declared index', () => {
    expect(why([], { _id: new ObjectId() })).toBeNull();
    expect(why([], { _id: { $in: [new ObjectId()] }, communityId: 'c1' }, { createdAt: -1 })).toBeNull();
    expect(why([], { _id: 'remind:bill1' })).toBeNull();
  });

  test('When the filter walks _id by a range or prefix, then the _id index serves it, in _id order only', () => {
    expect(why([], { _id: { $gt: new ObjectId() } }, { _id: 1 })).toBeNull();
    expect(why([], { _id: /^remind:/, at: { $gte: 1 } })).toBeNull();
    expect(why([], { _id: { $gt: new ObjectId() } }, { createdAt: 1 })).toBe('the sort is not in any index that serves the filter');
    expect(why([COMMUNITY], { communityId: 'c1', _id: { $gt: new ObjectId() } }, { _id: 1 })).toBeNull();
  });

  test('When the sort follows the equality keys in the index order or reversed, then it is served', () => {
    expect(why([LIST], { communityId: 'c1', status: 'open' }, { createdAt: -1, _id: -1 })).toBeNull();
    expect(why([LIST], { communityId: 'c1', status: 'open' }, { createdAt: 1, _id: 1 })).toBeNull();
    expect(why([LIST], { communityId: 'c1' }, { status: 1, createdAt: -1 })).toBeNull();
    expect(why([LIST], { communityId: 'c1', status: 'open' }, { status: 1, createdAt: -1 })).toBeNull();
    expect(why([LIST], { communityId: 'c1', status: 'open', createdAt: { $lt: new Date() } }, { createdAt: -1 })).toBeNull();
  });

  test('When the sort mixes directions against the index, skips a key, or follows a key tested by $in or a range, then it is not served', () => {
    const notServed = 'the sort is not in any index that serves the filter';
    expect(why([LIST], { communityId: 'c1', status: 'open' }, { createdAt: -1, _id: 1 })).toBe(notServed);
    expect(why([LIST], { communityId: 'c1' }, { createdAt: -1 })).toBe(notServed);
    expect(why([LIST], { communityId: 'c1', status: { $in: ['a', 'b'] } }, { createdAt: -1 })).toBe(notServed);
    expect(why([COMMUNITY], { communityId: 'c1' }, { createdAt: -1 })).toBe(notServed);
  });

  test('When a list sorts by _id alone, then the _id must be in the index after the equality keys (a secondary index does not keep _id order)', () => {
    expect(why([COMMUNITY], { communityId: 'c1' }, { _id: 1 })).toBe('the sort is not in any index that serves the filter');
    expect(why([[['communityId', 1], ['_id', 1]]], { communityId: 'c1' }, { _id: -1 })).toBeNull();
  });

  test('When another index serves the filter with the sort, then that one counts even if a longer prefix exists', () => {
    const byStatus: IndexKeys = [['communityId', 1], ['status', 1]];
    const byTime: IndexKeys = [['communityId', 1], ['createdAt', -1]];
    expect(why([byStatus, byTime], { communityId: 'c1', status: 'open' }, { createdAt: -1 })).toBeNull();
    expect(why([byStatus], { communityId: 'c1', status: 'open' }, { createdAt: -1 })).toBe('the sort is not in any index that serves the filter');
  });

  test('When a filter has $or, then every branch (with the fields outside it) needs an index', () => {
    const byReporter: IndexKeys = [['reporterId', 1]];
    const byUnit: IndexKeys = [['unitId', 1]];
    expect(why([byReporter, byUnit], { $or: [{ reporterId: 'u' }, { unitId: { $in: ['a'] } }] })).toBeNull();
    expect(why([byReporter], { $or: [{ reporterId: 'u' }, { unitId: { $in: ['a'] } }] })).toBe('no index has a leading key the filter narrows by');
    // The fields outside the $or narrow every branch: one index on them serves all.
    expect(why([COMMUNITY], { communityId: 'c1', $or: [{ reporterId: 'u' }, { unitId: 'a' }] })).toBeNull();
    expect(why([], { _id: new ObjectId(), $or: [{ reporterId: 'u' }, { ownerId: 'o' }] })).toBeNull();
  });

  test('When a field is tested twice ($and), then its most selective condition counts', () => {
    expect(why([[['status', 1]]], { status: 'open', $and: [{ status: { $ne: 'x' } }] })).toBeNull();
    expect(why([[['status', 1]]], { status: { $ne: 'x' }, $and: [{ status: 'open' }] })).toBeNull();
  });

  test('When an equality key is skipped in the index (a key the filter does not test), then the keys after it do not narrow', () => {
    const ix: IndexKeys = [['status', 1], ['dueAt', 1]];
    expect(why([ix], { dueAt: { $lte: 1 } })).toBe('no index has a leading key the filter narrows by');
    expect(why([ix], { status: 'open', dueAt: { $lte: 1 } }, { dueAt: 1 })).toBeNull();
  });

  test('When a report asks which index serves a shape, then it names the one delivering the sort', () => {
    const byStatus: IndexKeys = [['communityId', 1], ['status', 1]];
    const byTime: IndexKeys = [['communityId', 1], ['createdAt', -1]];
    const shape: QueryShape = shapeOf('repairs', 'find', { communityId: 'c1', status: 'open' }, { createdAt: -1 });
    expect(servingIndexOf(shape, [byStatus, byTime])).toEqual(byTime);
    expect(servingIndexOf(shapeOf('repairs', 'find', { _id: 1 }), [byStatus])).toEqual([['_id', 1]]);
    expect(servingIndexOf(shapeOf('repairs', 'find', {}), [byStatus])).toBeNull();
  });
});
