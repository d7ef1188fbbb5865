import { Image, Text, View } from '@tarojs/components';
import { openPage } from '@/services/navigation';
import { badgeText } from '@/components/tab-bar';
import { OWNER_HOME_ENTRIES, type HomeBadge } from '../home-entries';

/** Class names the browser tests and older links know the tiles by. */
const LEGACY_CLASS: Record<string, string> = {
  repair: 'owner-home__repairs-link',
  notices: 'owner-home__notices',
  complaints: 'owner-home__complaints-link',
};

/**
 * The service grid of the owner home: one tile per entry of OWNER_HOME_ENTRIES (icon, title and a
 * red count: unread notices, repairs waiting for my rating, unpaid bills).
 */
export function HomeGrid({ badges }: { badges: Partial<Record<HomeBadge, number>> }) {
  return (
    <View className="card home-grid">
      {OWNER_HOME_ENTRIES.map((e) => {
        const count = e.badge ? (badges[e.badge] ?? 0) : 0;
        return (
          <View key={e.key} className={`home-grid__tile home-grid__tile--${e.key} ${LEGACY_CLASS[e.key] ?? ''}`} onClick={() => openPage(e.route)}>
            <View className="home-grid__icon-box">
              <Image className="home-grid__icon" src={e.icon} mode="aspectFit" />
              {count > 0 ? <Text className={`home-grid__badge home-grid__badge--${e.badge}`}>{badgeText(count)}</Text> : null}
            </View>
            <Text className="home-grid__title">{e.title}</Text>
          </View>
        );
      })}
    </View>
  );
}
