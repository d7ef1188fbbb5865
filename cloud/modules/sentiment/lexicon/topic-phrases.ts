/**
 * `topic` entries of the built-in lexicon (staff entry format, shared/domain/sentiment-lexicon.ts):
 * wording whose topic differs from the topic keywords inside it, or names a topic no single keyword
 * of lexicon/topics.ts does. The topic keywords inside a `topic` entry count for nothing; its own
 * topics count (垃圾物业 is about the service, not cleaning; 收钱不办事 is about the service, not the
 * fee). Spread into IDIOMS (lexicon/idioms.ts), so the built-in lexicon version hashes them.
 * Traditional input matches the Simplified text written here (the engine normalises both).
 */
import type { SentimentTopic } from '@shared/domain/sentiment';
import type { LexiconEntry } from '@shared/domain/sentiment-lexicon';

function words(texts: string): string[] {
  return texts.split(/\s+/).filter((t) => t.length > 0);
}

const topic = (topics: SentimentTopic[], texts: string): LexiconEntry[] => words(texts).map((text) => ({ kind: 'topic', text, topics: [...topics] }));

export const TOPIC_PHRASES: readonly LexiconEntry[] = [
  ...topic(['fee'], `公摊费 电梯费 垃圾费 二次供水费 车位管理费 滞纳金 预交 预缴`),
  ...topic(['elevator'], `电tt 电梯井 电梯厅 电梯口 𨋢 扶梯`),
  ...topic(['leak'], `渗漏水 水印 潮湿 冷气机滴水 爆水管 水浸`),
  ...topic(['parking'], `电单车 机车 摩托车 充电口 充电站 地下车库 地下停车场 车位费 泊车 飞线 车道 地面车位 机械车位 访客车位`),
  ...topic(['noise'], `噪声 麻将 打麻将 麻将声 喇叭 k歌 弹琴 走路声 拍球 跳操 低音炮 嘈音`),
  ...topic(['renovation', 'noise'], `电钻声 电锤声 切割声`),
  ...topic(['renovation'], `装修公司 装修工人 装修师傅 施工队 封阳台 阳光房 开槽 打墙 拆墙 刷墙 建筑垃圾 渣土 放行条 电锤 冲击钻 切割机 切瓷砖 凿墙`),
  ...topic(['renovation'], `装修保证金 装修押金 装修管理费`),
  ...topic(['security'], `保安员 保安大叔 保安大爷 门卫 看更 管理员 刷脸 外来人员 可疑`),
  ...topic(['cleaning'], `蚂蚁 虫子 烟头 厨余 泔水 清洁工 灭鼠 灭蚊 耗子 曱甴 白蚁`),
  ...topic(['greenery'], `棵树 树上 树下 树叶 树根 树坑 树苗 草皮 农药 除草剂 飞絮 杨絮 柳絮 割草 花木`),
  ...topic(['utilities'], `水喉 电路 电闸 液化气 煤气管`),
  ...topic(['delivery'], `送货 速递 送餐`),
  ...topic(['pets'], `喵星人 汪星人 藏獒 比特犬 罗威纳 杜宾 狼狗`),
  ...topic(['service'], `经理 物业公司 管理公司 工程部`),
  // Insults whose words are topic keywords of something else (垃圾 → cleaning, 狗 → pets).
  ...topic(['service'], `垃圾物业 垃圾公司 垃圾管理 垃圾服务 狗物业 物业狗 狗仗人势 狗腿子 狗东西 狗日的`),
  ...topic(['facilities'], `检修井 化粪池盖 游乐设施 跷跷板 沙池 对讲 玻璃门 安全出口 消防门 吊顶 广告牌 雨棚 坡道 无障碍 球场 长廊 喷泉`),
  ...topic(['fee'], `退钱`),
  // H13 wave: smells and dirt carried by other topics' keywords, old-estate renovation (a facilities works programme), hotline calls
  ...topic(['cleaning'], `下水道味 油烟味 泥点子 灰大 蚊多 好多蚊 啲蚊 蚊虫`),
  ...topic(['facilities'], `小区改造 老旧小区改造 屋苑翻新 翻新大堂 街灯 灯饰 地砖 纸皮石 更衣室 自行车棚`),
  ...topic(['noise'], `唱k 吊嗓子 跑来跑去 啪嗒啪嗒`),
  ...topic(['fee'], `出钱 采暖费`),
  ...topic(['greenery'], `草都长 草长 长草 啲树`),
  ...topic(['security'], `骑车 飙车 对骂 消防钟 火警钟`),
  ...topic(['parking'], `车子 架车`),
  ...topic(['leak'], `滴下来 爆掉的水管`),
  // 收钱 is a fee keyword, but 收钱不办事 is about the service.
  ...topic(['service'], `只收钱不干事 只收钱不办事 只收钱不干活 收钱不办事 收钱不干活 光收钱不干活`),
];
