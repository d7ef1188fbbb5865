import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { ROLE_LABELS } from '@shared/domain/roles';
import type { DemoAccount, LoginOptions } from '@shared/contracts/auth.contract';
import { call, CloudError, isCloudError } from '@/services/cloud';
import { logIn } from '@/services/account';
import { demoGuestCode, getSession } from '@/services/session';
import { homeOf } from '@/services/navigation';
import { StateView } from '@/components/state-view';
import './index.scss';

const CAN_WECHAT_LOGIN = process.env.TARO_ENV !== 'h5';
/**
 * CloudBase build: WeChat itself identifies the user on every call, so there are no demo accounts
 * (their login codes go through the gateway's fake WeChat server) and no code to exchange.
 */
const ON_CLOUDBASE = API_TRANSPORT === 'cloud';
const CLOUDBASE_OPTIONS: LoginOptions = { demo: false, accounts: [] };

function toCloudError(e: unknown): CloudError {
  if (isCloudError(e)) return e;
  return new CloudError('AUTH.INVALID_CODE', '微信登录失败，请稍后重试', 0);
}

export default function LoginPage() {
  const [options, setOptions] = useState<LoginOptions>();
  const [optionsError, setOptionsError] = useState<CloudError>();
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<string>();

  const loadOptions = () => {
    setOptionsError(undefined);
    if (ON_CLOUDBASE) return setOptions(CLOUDBASE_OPTIONS);
    call('auth', 'loginOptions').then(setOptions, (e: unknown) => setOptionsError(toCloudError(e)));
  };

  useEffect(() => {
    // Already logged in (e.g. opened from a share): go straight to the role's home.
    const session = getSession();
    if (session) {
      Taro.reLaunch({ url: homeOf(session.me.roles) });
      return;
    }
    loadOptions();
  }, []);

  const loginWith = async (key: string, getCode: () => Promise<string>) => {
    if (busy) return;
    setBusy(key);
    setError(undefined);
    try {
      const session = await logIn(getCode);
      await Taro.reLaunch({ url: homeOf(session.me.roles) });
    } catch (e) {
      setError(toCloudError(e).message);
    } finally {
      setBusy(undefined);
    }
  };

  const loginDemo = (account: DemoAccount) => loginWith(account.code, async () => account.code);
  // A new WeChat user (not bound to any unit): the same one on this device every time.
  const loginGuest = (prefix: string) => loginWith('guest', async () => demoGuestCode(prefix));
  const loginWechat = () =>
    loginWith('wechat', async () => {
      const { code } = await Taro.login();
      if (!code) throw new CloudError('AUTH.INVALID_CODE', '微信登录失败，请稍后重试', 0);
      return code;
    });

  return (
    <View className="page login">
      <View className="login__brand">
        <Text className="login__title">物业客服</Text>
        <Text className="login__subtitle">您好，请登录后使用物业服务</Text>
      </View>

      {error ? (
        <View className="login__error">
          <Text>{error}</Text>
        </View>
      ) : null}

      {CAN_WECHAT_LOGIN ? (
        <Button className="btn btn--primary login__wechat" loading={busy === 'wechat'} disabled={!!busy || undefined} onClick={loginWechat}>
          微信一键登录
        </Button>
      ) : null}

      <StateView loading={!options && !optionsError} error={optionsError} onRetry={loadOptions}>
        {options?.demo ? (
          <View className="card login__demo">
            <Text className="card__title">演示账号</Text>
            <Text className="muted">本服务器处于演示模式，请选择一个账号体验：</Text>
            {options.accounts.map((account) => (
              <Button
                key={account.code}
                className="demo-account"
                data-code={account.code}
                loading={busy === account.code}
                disabled={!!busy || undefined}
                onClick={() => loginDemo(account)}
              >
                <View className="demo-account__head">
                  <Text className="demo-account__name">{account.name}</Text>
                  <Text className="demo-account__role">{ROLE_LABELS[account.role]}</Text>
                </View>
                <Text className="demo-account__desc">{account.description}</Text>
              </Button>
            ))}
            {options.newUserCodePrefix ? (
              <Button
                className="demo-account demo-account--guest"
                loading={busy === 'guest'}
                disabled={!!busy || undefined}
                onClick={() => loginGuest(options.newUserCodePrefix as string)}
              >
                <View className="demo-account__head">
                  <Text className="demo-account__name">以新微信用户体验</Text>
                  <Text className="demo-account__role">{ROLE_LABELS.guest}</Text>
                </View>
                <Text className="demo-account__desc">尚未绑定房屋的业主：选择房屋并核对身份后绑定</Text>
              </Button>
            ) : null}
          </View>
        ) : null}
        {options && !options.demo && !CAN_WECHAT_LOGIN ? (
          <View className="card login__hint">
            <Text className="muted">请在微信中打开“物业客服”小程序登录。</Text>
          </View>
        ) : null}
      </StateView>
    </View>
  );
}
