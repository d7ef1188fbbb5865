import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { fillScript, SCRIPT_CONTEXT_LABELS, type ScriptContext, type ScriptPlaceholder } from '@shared/domain/knowledge';
import { useCloud } from '../hooks/use-cloud';
import { toast } from '../services/ui';
import { StateView } from './state-view';
import './knowledge.scss';

interface Props {
  /** Where the page is: the scripts of this context (a complaint's category and stage, a ladder stage, a topic…). */
  context: ScriptContext;
  /** Placeholders the page knows ({业主称呼} → 张先生): filled in the shown and copied text. */
  fill?: Partial<Record<ScriptPlaceholder, string>>;
  /** Open at first (default: closed, loaded when opened). */
  open?: boolean;
  title?: string;
}

/**
 * 话术参考 (knowledge.md "Scripts"): a collapsible card with the 话术 for the page's context — the
 * community's edits of the starter library and its own scripts — tap one to copy it.
 */
export function ScriptPanel({ context, fill = {}, open: initiallyOpen = false, title = '话术参考' }: Props) {
  const [open, setOpen] = useState(initiallyOpen);
  const scripts = useCloud('knowledge', 'scripts', { where: context }, { skip: !open });
  const copy = (text: string) => {
    Taro.setClipboardData({ data: text })
      .then(() => toast('话术已复制'))
      .catch(() => toast('复制失败，请长按手动复制'));
  };
  return (
    <View className={`card script-panel ${open ? 'script-panel--open' : ''}`}>
      <View className="script-panel__head" onClick={() => setOpen(!open)}>
        <Text className="card__title">{title}</Text>
        <Text className="muted script-panel__toggle">{open ? '收起' : `${SCRIPT_CONTEXT_LABELS[context.context]} ›`}</Text>
      </View>
      {open ? (
        <StateView loading={scripts.loading && !scripts.data} error={scripts.error} onRetry={scripts.reload} empty={!!scripts.data && scripts.data.length === 0} emptyText="暂无适用的话术">
          <View className="script-panel__list">
            {(scripts.data ?? []).map((s) => {
              const text = fillScript(s.text, fill);
              return (
                <View key={s.starterKey ?? s.scriptId} className="script-panel__item" onClick={() => copy(text)}>
                  <Text className="script-panel__title">{s.title}</Text>
                  <Text className="script-panel__text">{text}</Text>
                  <Text className="link script-panel__copy">点按复制</Text>
                </View>
              );
            })}
          </View>
        </StateView>
      ) : null}
    </View>
  );
}
