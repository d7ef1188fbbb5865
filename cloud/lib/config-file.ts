import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';

/**
 * Where the configuration comes from (part of cloud/lib/config.ts, the one configuration module):
 * the environment, over an optional JSON file outside the repository.
 *
 * - `WUYE_CONFIG=/etc/wuye/config.json` names the file. Its keys are the environment variables'
 *   names (`"MONGODB_URI"`, `"WECHAT_APPID"`, …; `"WECHAT_TEMPLATES"` is an object there and JSON
 *   text in the environment); values are strings, numbers or booleans. A key the configuration does
 *   not know is an error (a typo must not be ignored); keys starting with `//` are comments.
 * - The environment wins, name by name: a variable that is set and not empty replaces the file's
 *   value of that name (WECHAT_TEMPLATES as a whole).
 * - A CloudBase function has no file system of ours: `npm run build:cloud` with WUYE_CONFIG set puts
 *   a copy of the file beside each bundle (`wuye.config.json`), which the function reads when
 *   WUYE_CONFIG is unset.
 */
export const CONFIG_FILE_VAR = 'WUYE_CONFIG';
export const BUNDLED_CONFIG_NAME = 'wuye.config.json';

/** What the configuration is read from: process.env, or any such record (tests, check:deploy). */
export type ConfigInput = Readonly<Record<string, string | undefined>>;
/** Every setting as text, the environment's over the file's. */
export type ConfigValues = Record<string, string>;

/** A configuration that cannot be used; `problems` names each bad or missing setting (Chinese). */
export class ConfigError extends Error {
  readonly problems: string[];
  constructor(message: string, problems?: string[]) {
    super(message);
    this.name = 'ConfigError';
    this.problems = problems ?? [message];
  }
}

/** One ConfigError listing every problem. */
export function configErrorOf(problems: string[], file?: string): ConfigError {
  const where = file ? `（配置文件 ${file}，环境变量优先）` : '';
  return new ConfigError(`配置有误${where}：\n${problems.map((p) => `  - ${p}`).join('\n')}`, problems);
}

/** A key of the file that is only a comment. */
const isComment = (key: string) => key.startsWith('//');

/** The settings of a configuration file, as text (WECHAT_TEMPLATES: its JSON). */
export function readConfigFile(file: string, known: ReadonlySet<string>): ConfigValues {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`无法读取配置文件 ${file}（${CONFIG_FILE_VAR}）：${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`配置文件 ${file} 不是有效的 JSON：${(err as Error).message}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new ConfigError(`配置文件 ${file} 应为一个 JSON 对象（{ "设置名": 值, … }）`);
  const values: ConfigValues = {};
  const problems: string[] = [];
  for (const [key, value] of Object.entries(json as Record<string, unknown>)) {
    if (isComment(key)) continue;
    if (!known.has(key)) problems.push(`${key} 不是已知的设置（拼写错误？所有设置见 docs/configuration.md）`);
    else if (value === null || value === undefined) continue;
    else if (typeof value === 'object') {
      if (key === 'WECHAT_TEMPLATES') values[key] = JSON.stringify(value);
      else problems.push(`${key} 应为字符串或数字`);
    } else values[key] = String(value);
  }
  if (problems.length) throw configErrorOf(problems, file);
  return values;
}

/**
 * The values every part of the configuration reads: the file's (WUYE_CONFIG, else `bundledFile`
 * when it exists), then the environment's over them. `file` is the file read, if any.
 */
export function configValues(env: ConfigInput, known: ReadonlySet<string>, bundledFile?: string): { values: ConfigValues; file?: string } {
  const named = env[CONFIG_FILE_VAR];
  const file = named ? path.resolve(named) : bundledFile && existsSync(bundledFile) ? bundledFile : undefined;
  const fromFile = file ? readConfigFile(file, known) : {};
  const fromEnv: ConfigValues = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') fromEnv[k] = v;
  return { values: { ...fromFile, ...fromEnv }, ...(file ? { file } : {}) };
}

/** A setting's name as the messages and docs write it: `WECHAT_TEMPLATES["fee.reminder"].templateId`. */
export function settingPath(parts: readonly (string | number)[]): string {
  return parts
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : /^[A-Za-z_$][\w$]*$/.test(p) ? (i === 0 ? p : `.${p}`) : `[${JSON.stringify(p)}]`))
    .join('');
}

const TYPE_NAMES: Record<string, string> = { string: '字符串', number: '数字', nan: '数字', object: '对象', boolean: 'true 或 false', integer: '整数', array: '数组' };

/** zod's messages in Simplified Chinese, without echoing values (some are secrets). */
export const zhErrorMap: z.ZodErrorMap = (issue, ctx) => {
  switch (issue.code) {
    case 'invalid_type':
      return { message: issue.received === 'undefined' ? '未设置' : `应为${TYPE_NAMES[issue.expected] ?? issue.expected}` };
    case 'invalid_enum_value':
      return { message: `应为 ${issue.options.map(String).join('、')} 之一` };
    case 'invalid_string':
      return { message: issue.validation === 'url' ? '不是有效的网址' : '格式不对' };
    case 'too_small':
      return { message: issue.type === 'string' ? `至少 ${String(issue.minimum)} 个字符` : `不能小于 ${String(issue.minimum)}` };
    case 'too_big':
      return { message: issue.type === 'string' ? `至多 ${String(issue.maximum)} 个字符` : `不能大于 ${String(issue.maximum)}` };
    case 'not_multiple_of':
      return { message: `应为 ${String(issue.multipleOf)} 的倍数` };
    case 'unrecognized_keys':
      return { message: `有未知的设置 ${issue.keys.join('、')}` };
    default:
      return { message: ctx.defaultError };
  }
};

/** `SETTING message` lines of a zod error, paths under `prefix`. */
export function zodProblems(error: z.ZodError, prefix: readonly string[] = []): string[] {
  return error.issues.map((i) => `${settingPath([...prefix, ...i.path])} ${i.message}`);
}
