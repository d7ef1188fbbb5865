import { assertTestDb } from '../helpers/test-db';

test('When a database name lacks "test", then the test helpers refuse it', () => {
  expect(() => assertTestDb('wuye')).toThrow('refusing to run tests against database "wuye": its name must contain "test"');
  expect(() => assertTestDb('test_gateway_1a2b')).not.toThrow();
});
