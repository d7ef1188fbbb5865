import { useState } from 'react';
import { Image, Text, View } from '@tarojs/components';
import type { FILE_PURPOSES, UploadedFile } from '@shared/contracts/files.contract';
import { MAX_REPAIR_PHOTOS } from '@shared/domain/repairs';
import { toCloudError } from '../services/cloud';
import { choosePhotos, photoSrc, previewPhotos, uploadPhoto } from '../services/photos';

interface Props {
  /** Photos uploaded so far (their ids go to the server). */
  value: UploadedFile[];
  onChange: (next: UploadedFile[]) => void;
  /** At most this many photos (9 by default). */
  max?: number;
  label?: string;
  /** Names the picker in class names (`photo-picker--after`). */
  name?: string;
  disabled?: boolean;
  /** What the photos are for (files.upload's purpose): 'paper' for an owner's private papers. */
  purpose?: (typeof FILE_PURPOSES)[number];
}

/**
 * Photos for a form: thumbnails (tap to view, × to remove) and a "+ 添加照片" tile while below
 * `max`. Chosen photos are checked, then uploaded one by one (services/photos.ts) with progress shown;
 * each one is added as soon as it is uploaded.
 */
export function PhotoPicker({ value, onChange, max = MAX_REPAIR_PHOTOS, label, name, disabled, purpose = 'repair' }: Props) {
  const [progress, setProgress] = useState<{ done: number; total: number }>();
  const [error, setError] = useState('');
  const busy = !!progress;
  const room = max - value.length;

  const add = async () => {
    if (busy || disabled || room <= 0) return;
    setError('');
    let chosen;
    try {
      chosen = await choosePhotos(room);
    } catch (e) {
      setError(toCloudError(e).message);
      return;
    }
    const problems = [...chosen.problems];
    let next = value;
    const photos = chosen.photos.slice(0, room);
    if (photos.length > 0) {
      setProgress({ done: 0, total: photos.length });
      for (const [i, photo] of photos.entries()) {
        try {
          const uploaded = await uploadPhoto(photo, purpose);
          next = [...next, uploaded];
          onChange(next);
        } catch (e) {
          problems.push(`“${photo.name}”上传失败：${toCloudError(e).message}`);
        }
        setProgress({ done: i + 1, total: photos.length });
      }
      setProgress(undefined);
    }
    setError(problems.join('；'));
  };

  const remove = (id: string) => {
    setError('');
    onChange(value.filter((p) => p.id !== id));
  };
  const urls = value.map((p) => p.url);

  return (
    <View className={`photo-picker ${name ? `photo-picker--${name}` : ''} ${busy ? 'photo-picker--busy' : ''}`}>
      {label ? (
        <Text className="photo-picker__label">
          {label}
          <Text className="muted">
            （{value.length}/{max}）
          </Text>
        </Text>
      ) : null}
      <View className="photo-picker__grid">
        {value.map((p) => (
          <View key={p.id} className="photo-picker__item">
            <Image className="photo-picker__thumb" src={photoSrc(p.url)} mode="aspectFill" onClick={() => previewPhotos(urls, p.url)} />
            {disabled ? null : (
              <View className="photo-picker__remove" onClick={() => remove(p.id)}>
                <Text className="photo-picker__remove-mark">×</Text>
              </View>
            )}
          </View>
        ))}
        {room > 0 && !disabled ? (
          <View className={`photo-picker__add ${busy ? 'photo-picker__add--busy' : ''}`} onClick={add}>
            {busy && progress ? (
              <Text className="photo-picker__progress">
                上传中 {progress.done}/{progress.total}
              </Text>
            ) : (
              <Text>+ 添加照片</Text>
            )}
          </View>
        ) : null}
      </View>
      {error ? <Text className="field__error photo-picker__error">{error}</Text> : null}
    </View>
  );
}
