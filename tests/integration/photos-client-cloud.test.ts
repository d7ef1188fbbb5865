import { uploadFolder } from '@shared/domain/files';
import type { LoginResult } from '@shared/contracts/auth.contract';
import { functions } from '../../cloud/functions';
import { FAKE_TCB_ENV } from '../../cloud/lib/wechat/fake-storage';
import { StoredFile } from '../../cloud/modules/files/file.model';
import { ok, world, type World } from '../helpers/repairs';
import { startStack, type Stack } from '../helpers/stack';

/**
 * The client's one photo service (client/src/services/photos.ts) in a CloudBase build
 * (TARO_APP_TRANSPORT=cloud): photos chosen in WeChat are not read as base64 but uploaded by the
 * mini-program itself (Taro.cloud.uploadFile) into the person's own folder, then registered with
 * files.register. Taro is replaced by a stand-in whose cloud.uploadFile stores into the fake cloud
 * storage (as wx.cloud.uploadFile would) and whose cloud.callFunction calls the real functions.
 * Who the caller is under CloudBase (the WX context) is the pipeline's concern and tested there; the
 * stand-in passes the person's session as the gateway would.
 */
const mockTaro = {
  cloud: { init: jest.fn(), uploadFile: jest.fn(), callFunction: jest.fn() },
  storage: new Map<string, unknown>(),
  getStorageSync: (key: string) => mockTaro.storage.get(key) ?? '',
  setStorageSync: (key: string, value: unknown) => mockTaro.storage.set(key, value),
  removeStorageSync: (key: string) => mockTaro.storage.delete(key),
  chooseImage: jest.fn(),
  getFileSystemManager: () => {
    throw new Error('a photo was read as base64 in a CloudBase build');
  },
  previewImage: jest.fn(),
  request: jest.fn(),
};
jest.mock('@tarojs/taro', () => ({ __esModule: true, default: mockTaro }));

let stack: Stack;
let photos: typeof import('../../client/src/services/photos');
let cloud: typeof import('../../client/src/services/cloud');
/** What WeChat's temporary files hold (chooseImage paths → bytes). */
const tempFiles = new Map<string, Buffer>();
const JPEG = Buffer.concat([Buffer.from('ffd8ffe000104a464946', 'hex'), Buffer.alloc(80, 3)]);

beforeAll(async () => {
  Object.assign(process.env, { FILE_STORE: 'cloudbase', CLOUDBASE_ENV: FAKE_TCB_ENV });
  Object.assign(globalThis, { API_TRANSPORT: 'cloud', CLOUD_ENV: FAKE_TCB_ENV, API_BASE: '' });
  stack = await startStack();
  photos = await import('../../client/src/services/photos');
  cloud = await import('../../client/src/services/cloud');
});
afterAll(async () => {
  await stack.stop();
});

async function signIn(w: World): Promise<LoginResult> {
  const login = ok(await stack.invoke('auth', 'login', { code: stack.wechat.mintCode(w.owner.openid) }), 'login');
  mockTaro.storage.set('wuye.session', { token: login.token, expiresAt: login.expiresAt, me: login.me });
  mockTaro.cloud.callFunction.mockImplementation(async ({ name, data }: { name: keyof typeof functions; data: { action: string; data: unknown } }) => ({
    result: await functions[name](data, { transport: 'gateway', requestId: 'client-cloud', authorization: `Bearer ${login.token}` }),
  }));
  mockTaro.cloud.uploadFile.mockImplementation(async ({ cloudPath, filePath }: { cloudPath: string; filePath: string }) => ({
    fileID: stack.wechat.storage.clientUpload(cloudPath, tempFiles.get(filePath)!),
    statusCode: 204,
    errMsg: 'cloud.uploadFile:ok',
  }));
  return login;
}

test('When an owner adds a photo in a CloudBase build, then it goes to cloud storage from the phone into her own folder and is registered: the record keeps the fileID and the link shows it', async () => {
  const w = await world(stack);
  const login = await signIn(w);
  tempFiles.set('wxfile://tmp_kitchen.jpg', JPEG);
  mockTaro.chooseImage.mockResolvedValueOnce({ tempFiles: [{ path: 'wxfile://tmp_kitchen.jpg', size: JPEG.length, type: 'image' }], tempFilePaths: ['wxfile://tmp_kitchen.jpg'] });

  const chosen = await photos.choosePhotos(9);
  expect(chosen.problems).toEqual([]);
  expect(chosen.photos).toEqual([{ name: 'tmp_kitchen.jpg', mime: 'image/jpeg', size: JPEG.length, filePath: 'wxfile://tmp_kitchen.jpg' }]);

  const uploaded = await photos.uploadPhoto(chosen.photos[0]);
  const { cloudPath } = mockTaro.cloud.uploadFile.mock.calls.at(-1)![0] as { cloudPath: string };
  expect(cloudPath.startsWith(uploadFolder(login.me.communityId, login.me.userId))).toBe(true);
  expect(cloudPath).toMatch(/\.jpg$/);
  expect(mockTaro.cloud.callFunction).toHaveBeenLastCalledWith({ name: 'files', data: { action: 'register', data: { purpose: 'repair', fileName: 'tmp_kitchen.jpg', fileId: expect.stringContaining(cloudPath) } } });
  expect(uploaded).toMatchObject({ mime: 'image/jpeg', size: JPEG.length });
  const key = (await StoredFile.findById(uploaded.id).lean())?.key ?? '';
  expect(key.startsWith(`cloud://${FAKE_TCB_ENV}.`) && key.endsWith(`/${cloudPath}`)).toBe(true);
  // The link is absolute (CloudBase's), so the image component takes it as it is.
  expect(photos.photoSrc(uploaded.url)).toBe(uploaded.url);
  const res = await fetch(uploaded.url);
  expect(res.status).toBe(200);
  expect(Buffer.from(await res.arrayBuffer()).equals(JPEG)).toBe(true);
});

test('When the upload to cloud storage fails on the phone, then the photo is reported as a network problem and nothing is registered', async () => {
  const w = await world(stack);
  await signIn(w);
  mockTaro.cloud.uploadFile.mockRejectedValueOnce(new Error('cloud.uploadFile:fail network'));
  const calls = mockTaro.cloud.callFunction.mock.calls.length;
  const e = await photos.uploadPhoto({ name: 'a.jpg', mime: 'image/jpeg', size: JPEG.length, filePath: 'wxfile://tmp_a.jpg' }).catch((x: unknown) => x);
  expect(cloud.isCloudError(e) && e.code).toBe('NETWORK');
  expect(mockTaro.cloud.callFunction.mock.calls.length).toBe(calls);
  expect(await StoredFile.countDocuments({ uploaderId: w.owner._id })).toBe(0);
});
