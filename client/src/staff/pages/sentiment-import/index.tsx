import { useState } from 'react';
import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import type { ImportReport } from '@shared/contracts/sentiment.contract';
import { routes } from '@shared/routes';
import { call } from '@/services/cloud';
import { pickFile } from '@/services/files';
import { openPage } from '@/services/navigation';
import { useSession } from '@/hooks/use-session';
import { useSubmit } from '@/hooks/use-submit';
import { PageHeader } from '@/components/page-header';
import { Field, FormError } from '@/components/form-field';
import { Stat } from '@/components/stat';

const FORMAT_EXAMPLE = '2024-05-01 09:12 张三: 内容';
/** The paste area holds at most this much; a bigger export is chosen as a file. */
const MAX_PASTE = 200_000;
/** MAX_IMPORT_CHARS of the contract (not imported: zod stays out of the sub-packages). */
const MAX_IMPORT_CHARS = 2_000_000;

/** Base64 → UTF-8 text, without TextDecoder (not on every WeChat base library). Null when it is not UTF-8. */
export function base64Utf8(base64: string): string | null {
  const table = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const clean = base64.replace(/[^A-Za-z0-9+/]/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < clean.length; i += 4) {
    const n = [0, 1, 2, 3].map((k) => (i + k < clean.length ? table.indexOf(clean[i + k]) : -1));
    bytes.push((n[0] << 2) | (n[1] >> 4));
    if (n[2] >= 0) bytes.push(((n[1] & 15) << 4) | (n[2] >> 2));
    if (n[3] >= 0) bytes.push(((n[2] & 3) << 6) | n[3]);
  }
  let out = '';
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    const len = b < 0x80 ? 1 : b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 0;
    if (!len || i + len > bytes.length) return null;
    let cp = len === 1 ? b : b & (0xff >> (len + 1));
    for (let k = 1; k < len; k++) {
      const c = bytes[i + k];
      if ((c & 0xc0) !== 0x80) return null;
      cp = (cp << 6) | (c & 0x3f);
    }
    out += String.fromCodePoint(cp);
    i += len;
  }
  return out;
}

/**
 * 导入聊天记录 (agents, managers): chat text exported from a WeChat owner group, pasted or chosen
 * as a .txt file. Malformed lines are reported by line number; the rest is imported and analysed,
 * and concentrated negative messages open incidents.
 */
export default function SentimentImportPage() {
  useSession({ required: true });
  const [groupName, setGroupName] = useState('');
  const [content, setContent] = useState('');
  const [fileName, setFileName] = useState('');
  const [report, setReport] = useState<ImportReport>();
  const submit = useSubmit();
  const reading = useSubmit();

  const chooseFile = async () => {
    const picked = await pickFile(['txt']).catch((e: unknown) => (e instanceof Error ? e : null));
    if (!picked) return;
    await reading.run(async () => {
      if (picked instanceof Error) throw picked;
      const text = base64Utf8(picked.contentBase64);
      if (text === null) {
        reading.fail({ file: '文件不是 UTF-8 编码的文本，请另存为 UTF-8 后重试，或直接粘贴' });
        return;
      }
      if (text.length > MAX_IMPORT_CHARS) {
        reading.fail({ file: '文件过大，请分段导入' });
        return;
      }
      setFileName(picked.name);
      setContent(text);
      submit.clear();
      if (!groupName.trim()) setGroupName(picked.name.replace(/\.txt$/i, '').slice(0, 50));
    });
  };

  const send = async () => {
    const problems: Record<string, string> = {};
    if (!groupName.trim()) problems.groupName = '请填写群名称';
    if (!content.trim()) problems.content = '请粘贴或选择聊天记录';
    if (Object.keys(problems).length) return submit.fail(problems);
    const next = await submit.run(() => call('sentiment', 'importChat', { groupName: groupName.trim(), content }));
    if (next) setReport(next);
  };

  const again = () => {
    setReport(undefined);
    setContent('');
    setFileName('');
    submit.clear();
  };

  return (
    <View className="page sentiment-page sentiment-import">
      <PageHeader title="导入聊天记录" subtitle="把业主群的聊天记录导出后粘贴或选择文件，系统自动识别负面舆情" />
      {!report ? (
        <View className="card form sentiment-import__form">
          <Field label="群名称" name="groupName" required error={submit.fieldErrors.groupName}>
            <Input className="input sentiment-import__group" value={groupName} maxlength={50} placeholder="如：幸福里1栋业主群" onInput={(e) => submit.edited('groupName', setGroupName)(e.detail.value)} />
          </Field>
          <Field label="聊天记录" name="content" required error={submit.fieldErrors.content ?? reading.fieldErrors.file} hint={fileName ? `已读取文件：${fileName}` : undefined}>
            <Text className="muted">每条消息以“时间 昵称: 内容”开头，例如：</Text>
            <Text className="sentiment-import__format">{FORMAT_EXAMPLE}</Text>
            <Textarea
              className="textarea sentiment-import__textarea sentiment-import__content"
              value={content.length > MAX_PASTE ? `${content.slice(0, MAX_PASTE)}\n…（共 ${content.length} 字，已全部读取）` : content}
              maxlength={MAX_PASTE}
              disabled={content.length > MAX_PASTE || undefined}
              placeholder="在此粘贴聊天记录"
              onInput={(e) => {
                setFileName('');
                submit.edited('content', setContent)(e.detail.value);
              }}
            />
          </Field>
          <FormError error={reading.error} />
          <FormError error={submit.error} shownFields={['groupName', 'content']} />
          <View className="form-buttons">
            <Button className="btn btn--ghost sentiment-import__file" size="mini" loading={reading.busy} disabled={reading.busy || undefined} onClick={chooseFile}>
              选择 .txt 文件
            </Button>
            <Button className="btn btn--primary sentiment-import__submit" size="mini" loading={submit.busy} disabled={submit.busy || undefined} onClick={send}>
              导入
            </Button>
          </View>
        </View>
      ) : (
        <View className="card sentiment-import__report">
          <Text className="card__title">导入结果 · {groupName}</Text>
          <View className="stats">
            <Stat label="识别消息" value={report.received} className="sentiment-import__received" />
            <Stat label="新增" value={report.inserted} className="sentiment-import__inserted" />
            <Stat label="重复" value={report.duplicates} className="sentiment-import__duplicates" />
            <Stat label="负面" value={report.negative} className="sentiment-import__negative" />
            <Stat label="新事件" value={report.incidentsOpened} className="sentiment-import__opened" />
          </View>
          <Text className="muted sentiment-import__summary">
            共 {report.lines} 行，{report.problems.length ? `${report.problems.length} 行格式有误未导入` : '全部格式正确'}
            {report.incidentsJoined ? `；新消息并入 ${report.incidentsJoined} 起已有事件` : ''}
          </Text>
          {report.incidentsOpened > 0 || report.incidentsJoined > 0 ? (
            <Text className="link sentiment-import__incidents" onClick={() => openPage(routes.staff.incidents)}>
              {report.incidentsOpened > 0 ? `生成了 ${report.incidentsOpened} 起舆情事件，去处理 ›` : '查看舆情事件 ›'}
            </Text>
          ) : null}
          {report.problems.length ? (
            <View className="sentiment-import__problems">
              <Text className="card__title danger">格式有误的行</Text>
              {report.problems.map((p) => (
                <View key={`${p.line}-${p.message}`} className="sentiment-import__problem">
                  <Text>
                    第{p.line}行：{p.message}
                  </Text>
                  {p.text ? <Text className="sentiment-import__problem-text">{p.text}</Text> : null}
                </View>
              ))}
            </View>
          ) : null}
          <View className="form-buttons">
            <Button className="btn btn--ghost sentiment-import__groups" size="mini" onClick={() => openPage(routes.staff.sentimentGroups)}>
              群概况
            </Button>
            <Button className="btn btn--primary sentiment-import__again" size="mini" onClick={again}>
              继续导入
            </Button>
          </View>
        </View>
      )}
    </View>
  );
}
