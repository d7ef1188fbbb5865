import { Text, View } from '@tarojs/components';

const STARS = [1, 2, 3, 4, 5] as const;

interface Props {
  /** 0 before any star is chosen. */
  value: number;
  /** Without it the stars are only shown. */
  onChange?: (value: number) => void;
  /** Names the row in class names (`rating-stars--overall`). */
  name?: string;
}

/**
 * Five stars (1–5). Each star has `rating-stars__star--<n>`, chosen ones `rating-stars__star--on`.
 */
export function RatingStars({ value, onChange, name }: Props) {
  return (
    <View className={`rating-stars ${name ? `rating-stars--${name}` : ''} ${onChange ? 'rating-stars--input' : ''}`}>
      {STARS.map((n) => (
        <Text
          key={n}
          className={`rating-stars__star rating-stars__star--${n} ${n <= value ? 'rating-stars__star--on' : ''}`}
          onClick={onChange ? () => onChange(n) : undefined}
        >
          {n <= value ? '★' : '☆'}
        </Text>
      ))}
      {value > 0 ? <Text className="muted rating-stars__value">{value} 分</Text> : null}
    </View>
  );
}
