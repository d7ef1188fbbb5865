import { Image, Text, View } from '@tarojs/components';
import type { RepairPhoto } from '@shared/contracts/repairs.contract';
import { photoSrc, previewPhotos } from '@/services/photos';

/** A grid of photos; a tap opens the viewer on that photo. */
export function RepairPhotos({ photos, name = 'photos', emptyText }: { photos: RepairPhoto[]; name?: string; emptyText?: string }) {
  if (!photos.length) return emptyText ? <Text className="muted">{emptyText}</Text> : null;
  const urls = photos.map((p) => p.url);
  return (
    <View className={`repair-photos repair-photos--${name}`}>
      {photos.map((p) => (
        <Image
          key={p.id}
          className="repair-photos__item"
          src={photoSrc(p.url)}
          mode="aspectFill"
          onClick={() => previewPhotos(urls, p.url)}
        />
      ))}
    </View>
  );
}
