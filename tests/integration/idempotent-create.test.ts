import { AppError } from '../../cloud/lib/app-error';
import { mongoose } from '../../cloud/lib/db';
import { createOnce } from '../../cloud/lib/idempotent';
import { startStack, type Stack } from '../helpers/stack';

/** A record that holds a unit while open (like a move-in case): a second one for the unit is refused. */
const Probe = mongoose.model('IdempotentProbe', new mongoose.Schema({ _id: mongoose.Schema.Types.ObjectId, unit: { type: String, unique: true } }, { collection: 'test_idempotent_probes' }));

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
  await Probe.init();
});
afterAll(() => stack.stop());

/** The build of a request for `unit`: refused while the unit is held (the rule every open-case create checks). */
const buildFor = (unit: string, twinWritesFirst: boolean) => async (_id: mongoose.Types.ObjectId) => {
  // A twin of the same request (a double tap) writes its record while this one is deciding.
  if (twinWritesFirst) await Probe.create({ _id, unit });
  if (await Probe.exists({ unit })) throw new AppError('STATE.CONFLICT', `${unit} 已被占用`);
  return { _id, unit };
};

test("When a twin of the same request writes its record while this one decides, then this one answers with the twin's record, not the refusal the twin's write caused", async () => {
  const res = await createOnce<{ _id: mongoose.Types.ObjectId; unit: string }>({ model: Probe, key: 'probe:twin', build: buildFor('0801', true) });
  expect(res.created).toBe(false);
  expect(res.doc.unit).toBe('0801');
  expect(await Probe.countDocuments({ unit: '0801' })).toBe(1);
});

test('When another request holds the unit, then the refusal stands and nothing is written', async () => {
  await createOnce({ model: Probe, key: 'probe:first', build: buildFor('0802', false) });
  await expect(createOnce({ model: Probe, key: 'probe:second', build: buildFor('0802', false) })).rejects.toMatchObject({ code: 'STATE.CONFLICT' });
  expect(await Probe.countDocuments({ unit: '0802' })).toBe(1);
});
