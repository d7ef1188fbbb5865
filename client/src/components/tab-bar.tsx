import Taro, { useDidShow } from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import { primaryRole } from '@shared/domain/roles';
import { TAB_BAR, tabText, type TabKey } from '@shared/routes';
import { useSession } from '../hooks/use-session';
import { useCloud } from '../hooks/use-cloud';
import { call } from '../services/cloud';
import { openTab } from '../services/navigation';
import homeIcon from '../assets/tabbar/home.png';
import homeActiveIcon from '../assets/tabbar/home-active.png';
import messageIcon from '../assets/tabbar/message.png';
import messageActiveIcon from '../assets/tabbar/message-active.png';
import userIcon from '../assets/tabbar/user.png';
import userActiveIcon from '../assets/tabbar/user-active.png';
import { useReloadOnReturn } from './reload-on-return';
import './tab-bar.scss';

const ICONS: Record<(typeof TAB_BAR)[number]['icon'], [string, string]> = {
  home: [homeIcon, homeActiveIcon],
  message: [messageIcon, messageActiveIcon],
  user: [userIcon, userActiveIcon],
};

/** 99+ past 99, as WeChat's own badges. */
export function badgeText(count: number): string {
  return count > 99 ? '99+' : String(count);
}

/**
 * The tab bar at the bottom of every role home, 我的消息 and 我的: 首页 (工作台 for staff) / 消息 (with
 * the number of events since 我的消息 was last opened) / 我的. The app draws it (the same in the
 * mini-program and in H5) because WeChat's native tab pages must be in the main package, and the
 * role homes are in their sub-packages. A tap starts over on that tab's page (reLaunch).
 */
export function TabBar({ current }: { current: TabKey }) {
  const session = useSession();
  const unread = useCloud('messaging', 'unread', undefined, { skip: !session || current === 'messages' });
  // Back on the page (from an order, a notice…): read the badge again.
  useReloadOnReturn(unread.reload);
  useDidShow(() => {
    // On 我的消息 the badge starts again from zero.
    if (session && current === 'messages') void call('messaging', 'markSeen').catch(() => undefined);
    // A tab page is the only page: WeChat would otherwise offer a 返回首页 button in its bar.
    if (process.env.TARO_ENV === 'weapp') {
      try {
        void Promise.resolve(Taro.hideHomeButton?.()).catch(() => undefined);
      } catch {
        /* older base library */
      }
    }
  });
  if (!session) return null;
  const role = primaryRole(session.me.roles);
  const count = current === 'messages' ? 0 : (unread.data?.count ?? 0);

  return (
    <View className="tab-bar-space">
      <View className="tab-bar">
        {TAB_BAR.map((t) => {
          const on = t.key === current;
          return (
            <View
              key={t.key}
              className={`tab-bar__item tab-bar__item--${t.key} ${on ? 'tab-bar__item--on' : ''}`}
              onClick={on ? undefined : () => void openTab(t.key, session.me.roles)}
            >
              <View className="tab-bar__icon-box">
                <Image className="tab-bar__icon" src={ICONS[t.icon][on ? 1 : 0]} mode="aspectFit" />
                {t.key === 'messages' && count > 0 ? <Text className="tab-bar__badge">{badgeText(count)}</Text> : null}
              </View>
              <Text className="tab-bar__text">{tabText(t.key, role)}</Text>
            </View>
          );
        })}
      </View>
    </View>
  );
}
