import { Button, View } from '@tarojs/components';
import { routes } from '@shared/routes';
import { useCloud } from '@/hooks/use-cloud';
import { openPage } from '@/services/navigation';
import { useReloadOnReturn } from '@/components/reload-on-return';

/**
 * The second row of the owner-group pages' toolbar (舆情事件, 群概况): 词库纠正 with the number
 * waiting for review, and 本小区词库. Agents read both (they mark corrections; managers review).
 */
export function LexiconLinks({ manager }: { manager: boolean }) {
  const pending = useCloud('sentiment', 'corrections', { status: 'pending', page: 1, pageSize: 1 });
  useReloadOnReturn(pending.reload);
  const count = pending.data?.total ?? 0;
  return (
    <View className="sentiment-toolbar lexicon-links">
      <Button className="btn btn--ghost lexicon-links__corrections" size="mini" onClick={() => openPage(routes.staff.sentimentCorrections)}>
        {manager && count > 0 ? `词库纠正（${count} 待审）` : '词库纠正'}
      </Button>
      <Button className="btn btn--ghost lexicon-links__lexicon" size="mini" onClick={() => openPage(routes.staff.sentimentLexicon)}>
        本小区词库
      </Button>
    </View>
  );
}
