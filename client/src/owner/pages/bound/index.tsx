import { Button, Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useSession } from '@/hooks/use-session';
import { goHome } from '@/services/navigation';
import '../../components/owner-home.scss';

const NEXT_STEPS = [
  ['报修', '家里或公共区域有东西坏了，随时提交，查看维修进度'],
  ['缴费', '查看物业费、车位费账单与缴费记录'],
  ['通知', '停水停电、社区公告第一时间知道'],
  ['开启消息提醒', '在首页点“开启”，报修进度和通知会通过微信告诉您'],
] as const;

/** 绑定成功: which unit was bound, what the owner can do now, and the way to 首页. */
export default function BoundPage() {
  const session = useSession({ required: true });
  const { params } = useRouter();
  const unit = decodeURIComponent(params.unit ?? '');
  return (
    <View className="page bound">
      <View className="card bound__hero">
        <Text className="bound__mark">✓</Text>
        <Text className="bound__title">绑定成功</Text>
        <Text className="bound__unit">
          {session?.me.communityName ?? ''} {unit}
        </Text>
        <Text className="muted">您已成为该房屋的住户，可以使用以下物业服务</Text>
      </View>
      <View className="card bound__next">
        <Text className="card__title">接下来您可以</Text>
        {NEXT_STEPS.map(([title, text]) => (
          <View key={title} className="bound__step">
            <Text className="bound__step-title">{title}</Text>
            <Text className="muted">{text}</Text>
          </View>
        ))}
      </View>
      <Button className="btn btn--primary bound__home" onClick={() => session && goHome(session.me.roles)}>
        进入首页
      </Button>
    </View>
  );
}
