/**
 * Idioms and slang of owners' complaining (成语、俗语、网络用语、脏话缩写、错别字、粤语/台湾用语), in the
 * one entry format of staff overlays (shared/domain/sentiment-lexicon.ts), compiled into the built-in
 * lexicon by the engine. Each list below is written as space-separated texts sharing one level and
 * one topic list (and, for `high`, one escalation group):
 * - `phrase` low    — mild dissatisfaction (weight ≈ 1): 不太给力, 有待提高.
 * - `phrase` medium — a clear complaint without a complaint word: 踢皮球, 吃相难看, 管了个寂寞, tmd.
 * - `phrase` high   — escalation risk: government / media / legal / police / collective wording
 *                     (去房管局坐着, 发到小红书, 法院见, 罢交) and danger to life (溜梯, 井盖没盖).
 * - `benign`        — wording that shares complaint words but is not a complaint (投诉电话是多少,
 *                     问题不大, 刷抖音, 120平): the terms inside it count for nothing.
 * - `topic`         — wording whose topic differs from the keywords inside it (垃圾物业 is about the
 *                     service, not cleaning; 狗物业 not about pets): kept in lexicon/topic-phrases.ts.
 * - `pattern`       — templates with slots (see parsePattern): (物业费|管理费)…白交.
 * Topics are the SUBJECT the wording names (踢皮球 → service); general anger (无语, 气炸了) has none.
 * Write Simplified Chinese for words the per-character table maps (離譜 → 离谱 is found anyway);
 * Cantonese and Taiwanese words that have no Simplified twin (冇, 嘥, 攞, 搞掂, 曱甴) are written as
 * owners type them. Every entry passes `entryProblem`, and no text appears twice for one kind
 * (tests/unit/sentiment-lexicon-data.test.ts).
 */
import type { EscalationGroup, SentimentTopic } from '@shared/domain/sentiment';
import type { EntryLevel, LexiconEntry } from '@shared/domain/sentiment-lexicon';
import { TOPIC_PHRASES } from './topic-phrases';

function words(texts: string): string[] {
  return texts.split(/\s+/).filter((t) => t.length > 0);
}

function phrases(level: EntryLevel, topics: SentimentTopic[], texts: string, group?: EscalationGroup): LexiconEntry[] {
  return words(texts).map((text) => (group ? { kind: 'phrase', text, level, topics: [...topics], group } : { kind: 'phrase', text, level, topics: [...topics] }));
}

const low = (topics: SentimentTopic[], texts: string): LexiconEntry[] => phrases('low', topics, texts);
const medium = (topics: SentimentTopic[], texts: string): LexiconEntry[] => phrases('medium', topics, texts);
const high = (group: EscalationGroup, topics: SentimentTopic[], texts: string): LexiconEntry[] => phrases('high', topics, texts, group);
const benign = (texts: string): LexiconEntry[] => words(texts).map((text) => ({ kind: 'benign', text }));
const pattern = (level: EntryLevel, topics: SentimentTopic[], text: string, group?: EscalationGroup): LexiconEntry =>
  group ? { kind: 'pattern', text, level, topics: [...topics], group } : { kind: 'pattern', text, level, topics: [...topics] };

export const IDIOMS: readonly LexiconEntry[] = [
  // --- The property office shirks, stalls and fobs owners off (推诿、拖延、敷衍): about the service. ---
  ...medium(
    ['service'],
    `踢皮球 踢来踢去 互相踢皮球 推三阻四 推脱 百般推脱 一推了之 推给开发商 推给业主 甩锅 互相甩锅 推锅 找借口 各种借口 理由一大堆
     装聋作哑 装聋 装傻充愣 装傻 装死 装睡 装瞎 扮聋扮哑 问什么都不知道 一问三唔知 都说不知道 画大饼 画饼 空头支票 光说不做
     光说不练 只说不做 嘴上说说 口头答应 说一套做一套 雷声大雨点小 当甩手掌柜 甩手掌柜 和稀泥 敷衍了事 敷衍塞责 应付了事 应付差事
     糊弄事 糊弄人 忽悠 忽悠人 睁眼说瞎话 睁着眼睛说瞎话 石沉大海 杳无音信 没了下文 不了了之 没有下文 挤牙膏 磨洋工 混日子 摸鱼
     摆烂 躺平 只收钱不干事 只收钱不办事 只收钱不干活 拿钱不干活 拿钱不办事 光拿钱 吃干饭 吃白饭 白拿工资 尸位素餐 占着茅坑不拉屎
     拿着鸡毛当令箭 官僚主义 打官腔 官腔 衙门作风 高高在上 门难进脸难看 冷冰冰 爱理不理 爱搭不理 不理不睬 置之不理 充耳不闻 熟视无睹
     袖手旁观 坐视不管 漠不关心 不闻不问 能拖就拖 一拖再拖 拖拖拉拉 遥遥无期 猴年马月 天荒地老 黄花菜都凉了 管了个寂寞 管了个啥
     管了个屁 修了个寂寞 回了个寂寞 做了个寂寞 等了个寂寞 名存实亡 聋子的耳朵 摆着好看 有跟没有一样 有等于没有 跟没有一样 要你何用
     要你们有何用 养你们干嘛 养着你们 干啥吃的 干嘛吃的 是吃干饭的 吃闲饭 不干人事 不办人事 乱作为 懒政 效率低下 效率太低 磨磨蹭蹭
     慢吞吞 不归我们管 不是我们负责 让我们自己解决 自己想办法 一群废物 饭桶 酒囊饭袋 混饭吃 草台班子 太不专业 一点都不专业 没担当
     没有担当 态度蛮横 蛮横 凶巴巴 摆架子 耍威风 仗势欺人 狗仗人势 店大欺客 拽什么拽 牛什么牛 欺软怕硬 看人下菜碟 区别对待 双标
     厚此薄彼 说话不算话 说话不算数 言而无信 出尔反尔 食言 朝令夕改 一天一个说法 说法不一 口径不一 各说各的 答非所问 避重就轻
     避而不谈 避而不答 顾左右而言他 转移话题 不回应 拒不回应 拒绝沟通 拒不处理 拒不整改 屡教不改 屡禁不止 屡次反映 多次反映 反映多次
     反复反映 反映无果 投诉无果 多次投诉 反复投诉 报修无门 求助无门 申诉无门 没人接电话 电话打爆了 电话没人接 打电话没人接 找不到人
     人影都没有 连个人影 一个人影都 见不到人 永远在开会 就会说在处理 一直说在处理 回去等 让我们等 让等着 研究研究 再研究 没有后续
     没后续 没结果 毫无进展 没有进展 没进展 一点进展都没有 还是老样子 一如既往的差 死性不改 本性难移 问啥都不知 霸王条款 霸王条约 等到几时 要等到几时 根本不看 根本不理 拽得 态度拽 跟什么似的`,
  ),
  ...low(['service'], `服务有待提高 服务有待改进 服务不太到位 服务不到位 沟通不畅 还在走流程`),
  ...low([], `有待提高 有待改进 有待加强 不太及时 不够及时 不太给力 不够给力 不够专业 不太专业 不太主动 不够主动 不太上心 不够上心 不太重视 体验不太好 体验不好`),

  // --- Anger, exasperation and insults with no subject of their own. ---
  ...medium(
    [],
    `无语了 无语死了 太无语了 服了你们 我服了 彻底服了 醉了醉了 寒心 心寒 太寒心 憋屈 窝火 窝囊 糟心 闹心 添堵 堵心 气炸了 气炸
     肺都气炸 火大 来气 火冒三丈 怒了 愤怒 很生气 太生气 气得 气不过 咽不下这口气 忍不了 不能忍 忍不下去 忍很久了 忍了很久
     再也忍不了 是可忍孰不可忍 太欺负人 坑人 吭人 坑爹 坑钱 骗钱 圈钱 割韭菜 薅羊毛 宰人 挨宰 当冤大头 冤大头 当韭菜 黑心 耍流氓
     流氓行为 强盗逻辑 土匪 强盗 吸血鬼 吸血 离大谱 离了个大谱 荒唐 荒谬 可笑至极 太可笑 真可笑 滑天下之大稽 笑掉大牙 闹笑话
     丢人现眼 丢人 丢脸 不要脸 太不要脸 没脸没皮 脸皮真厚 厚颜无耻 无耻 卑鄙 缺德 太缺德 缺大德 损人利己 自私自利 没公德
     没有公德心 素质低 低素质 素质堪忧 没教养 没家教 神经病 有病吧 脑子有病 脑子进水 脑子瓦特 脑残 智障 弱智 白痴 傻子 傻逼 傻b
     傻x 煞笔 沙比 二百五 混蛋 王八蛋 滚蛋 滚出去 赶紧滚 去死 狗东西 狗日的 狗屁 放屁 扯淡 扯犊子 鬼扯 胡扯 胡说八道 一派胡言
     瞎扯 瞎搞 乱搞 胡搞 瞎折腾 瞎指挥 乱来 胡来 作死 活久见 见鬼 真是够了 受够 烦透了 糟透了 差透了 垃圾透顶 烂透了 太烂了
     稀烂 稀碎 拉胯 拉垮 辣鸡 垃极 腊鸡 什么鬼 啥玩意 啥也不是 什么也不是 不是东西 算什么东西 一言难尽 太差劲 差评 给差评 打差评
     一星差评 零分 负分 tmd tm的 他妈的 特么 特么的 妈的 妈蛋 尼玛 尼玛的 你妈的 nmd nmb cnm rnm mlgb
     草泥马 卧槽 我操 我艹 我靠 日了狗 他娘的 wtf fuck shit 真sb 太sb 是sb 真nt 是nt 脑瘫 狗比 太垃圾
     真垃圾 好垃圾 垃圾得很 什么垃圾 吭爹 嘥錢 呃錢 搵笨 當我哋水魚 水魚 没人给说法 不给说法 给个说法 给个交代 没个说法 没有说法
     跟没装一样 跟摆设一样 三天两头坏 要个说法`,
  ),
  ...low([], `物页 吐槽 不太满意 不怎么满意 有点失望 有些失望 有点不爽 不爽 不开心 郁闷 无奈 很无奈 好无奈 叹气 头大 提心吊胆 老是满 总是满 经常满 再加几组 多加几组 松动 打不进去 打不进 希望改进 希望改善 不太热 不够热 有啲低 有啲細 有啲慢 有啲臭 有啲嘈 有啲污糟 好嘈 嘈到`),
  ...medium(
    ['service'],
    `黑心物业 无良物业 奇葩物业 流氓物业 土匪物业 强盗物业 sb物业 傻b物业 nt物业 狗物业 勿业 物业狗 垃圾物业 垃圾公司 垃圾管理 垃圾服务
     lj物业 破公司 烂物业 黑物业 坑爹物业 狗腿子 走狗`,
  ),

  // --- Cantonese (Hong Kong) and Taiwanese complaining that has no Simplified twin. ---
  ...medium(
    ['service'],
    `冇搞掂 未搞掂 搞唔掂 冇人理 冇人睬 冇人管 冇反應 冇下文 冇回覆 唔理人 唔負責 唔做嘢 卸膊 扮睇唔到 蛇王 hea做 講極都唔聽 講咗好多次
     講咗幾次 投訴咗幾次 等咗好耐 管委會不管 管理員不管`,
  ),
  ...medium([], `好激氣 廢柴 收皮 食屎 仆街 on9 好鬼 超爛 爛透 很鳥 超鳥 很瞎 超瞎 衝三小 啥小 幹拎娘 幹你娘`),

  // --- Money: fees, charges and accounts (收费账目). ---
  ...medium(
    ['fee'],
    `吃相难看 吃相太难看 吃相真难看 吃拿卡要 雁过拔毛 层层盘剥 拆东墙补西墙 坐地起价 漫天要价 狮子大开口 巧立名目 变相收费 变相涨价
     偷偷涨价 偷偷涨 暗箱操作 猫腻 有猫腻 中饱私囊 贪污 挪用维修基金 挪用 侵占公共收益 侵吞 账目不清 糊涂账 一笔糊涂账 假账 做假账
     账目不公开 不公开账目 收支不公开 收费不透明 不透明 不合理收费 收费不合理 收费太高 收费太贵 乱涨价 乱涨 暴利 翻了一倍 天价物业费
     物业费白交 白交钱 交了个寂寞 钱花哪了 钱去哪了 钱都去哪了 公共收益去哪了 广告费去哪了 收钱比谁都快 催费比谁都积极 催费倒是
     催缴倒是 只会催费 就知道催费 就知道涨价 涨价倒是 一年涨两次 年年涨价 只涨不降 捆绑收费 强制收费 强行收费 强制消费 捆绑销售
     乱收钱 多收钱 多收了 重复收费 收两次 凭啥收 凭什么收 凭什么涨 凭啥涨 断水断电催费 停电催费 锁门禁催费 以停代催 拿停水威胁
     违约金太高 收咁多錢 管理費加 管理費貴 账怎么算 这账怎么算 账是怎么算`,
  ),
  ...low(['fee'], `物业费偏高 收费偏高 希望公开账目 希望公示账目 账目能不能公开 能否公示 希望降价 能不能便宜点`),

  // --- Elevator (电梯): breakdowns and complaints; accidents are high below. ---
  ...medium(
    ['elevator'],
    `电梯又停 电梯停运 电梯罢工 电梯趴窝 电梯抽风 电梯咣当 电梯晃 电梯异响 电梯门关不上 电梯按钮不灵 按键失灵 电梯里好热 电梯没空调
     电梯老停 天天坏的电梯 电梯三天两头坏 坐电梯提心吊胆 不敢坐电梯 电梯年检过期 维保不到位 维保走过场 只能爬楼 爬楼上去 爬了十几层
     爬十几楼 爬了18楼 爬了20楼 扛上楼 抱着孩子爬楼 老人爬楼 电t又 电梯又坏 又停梯 升降機壞 𨋢壞`,
  ),
  ...low(['elevator'], `电梯等好久 电梯有异味 等电梯要等`),

  // --- Leaks and damp (漏水渗水). ---
  ...medium(
    ['leak'],
    `水帘洞 漏成水帘洞 天花板滴水 往下滴水 墙皮脱落 墙面起皮 墙皮起鼓 泡水了 泡了水 被淹了 淹了 水漫金山 水漫 地板泡 地板起拱
     墙壁发黑 墙都长毛 长毛了 霉斑 漏得 往下渗 渗到楼下 楼上渗水 顶楼漏雨 防水没做好 防水做得 外墙渗水 窗户渗水 窗边渗水 水管爆了
     爆管 水管爆裂 管子爆了 暖气漏水 暖气片漏 跑水 爆水喉 水喉漏 漏水漏到 漏了好几 漏个不停 一直漏 天天漏 又漏了 又漏水`,
  ),
  ...low(['leak'], `有水印 墙角发霉 都係水`),

  // --- Parking, garages and e-bike charging (停车充电). ---
  ...medium(
    ['parking'],
    `占车位 占我车位 车位被占 乱停车 乱停乱放 僵尸车 堵车库 堵门口 挡道 挡住出口 车被刮 车被划 划车 刮花 车被蹭 充电桩坏 充电桩不能用
     充不上电 充电难 飞线充电 拉线充电 电动车上楼 电瓶车上楼 推车上楼 电动车进电梯 停车难 车位难求 车位不够 只售不租 只卖不租 车位比房贵
     停车费太贵 停车费涨 车开不进 开不进来 开不出来 出不去 进不来 道闸不抬 抬杆 不给抬杆 外来车随便进 外来车辆随便 地库积水 地库漏水
     地库好黑 车库好黑 车被堵 堵了我的车 堵住我的车 亂泊車`,
  ),
  ...low(['parking'], `希望加充电桩 多装几个充电桩 停车位不够`),

  // --- Noise (噪音扰民). ---
  ...medium(
    ['noise'],
    `吵得睡不着 吵得要死 吵得不行 吵得头疼 吵醒 被吵醒 吵翻天 吵吵闹闹 大吵大闹 鬼哭狼嚎 咚咚咚 咚咚响 嗡嗡响 轰隆隆 哐哐 哐当
     哐哐响 震得 震得慌 震耳欲聋 半夜唱歌 半夜弹琴 半夜打麻将 半夜蹦迪 半夜跳 半夜放音乐 凌晨还在 大喇叭 外放 噪声扰民 噪音扰民
     低频噪音 共振 神经衰弱 宝宝被吓醒 孩子被吵醒 嘈喧巴閉 嘈死`,
  ),
  ...low(['noise'], `声音大了点 小声一点 小点声 声音小点 能不能小声`),

  // --- Renovation (装修). ---
  ...medium(
    ['renovation'],
    `违规装修 私搭乱建 乱搭乱建 违章搭建 违章建筑 半夜装修 周末装修 中午装修 装修扰民 午休时间装修 早上七点就 装修渣土 渣土乱倒
     建筑垃圾乱堆 砸承重墙 拆承重墙 动承重墙 改承重墙 装修押金不退 押金不退 出入证收费`,
  ),
  ...low(['renovation'], `希望按时间施工 希望装修注意 装修时间能不能 装修能不能`),
  ...medium(['renovation', 'noise'], `敲敲打打 叮叮当当`),

  // --- Security, guards and gates (安保门禁). ---
  ...medium(
    ['security'],
    `保安睡觉 保安在睡觉 保安玩手机 保安刷手机 保安打瞌睡 门岗没人 岗亭没人 门卫形同虚设 保安形同虚设 监控形同虚设 门禁形同虚设
     随便进出 谁都能进 外人随便进 什么人都能进 阿猫阿狗都能进 门禁坏 门禁卡失效 刷脸失灵 监控坏 监控是坏的 监控看不清 调不出监控
     监控调不出 没有监控 没监控 车被偷 电动车被偷 电瓶被偷 偷电瓶 偷东西 顺手牵羊 入室盗窃 被盗 失窃 传销
     可疑人员 可疑的人 陌生男子 鬼鬼祟祟 保安不管 保安也不管 保安不拦 保安不作为 看更瞓覺 保安瞓覺 成日瞓覺`,
  ),
  ...low(['security'], `希望加强巡逻 加强巡逻 多巡逻 希望加强门禁 希望严格登记 登记一下外来 外来人员登记 希望多装监控 加装监控`),
  ...medium(['cleaning'], `贴小广告 发小广告`),
  ...low(['cleaning'], `小广告 野广告`),

  // --- Cleaning, garbage, smells and pests (卫生保洁). ---
  ...medium(
    ['cleaning'],
    `垃圾成山 垃圾堆成山 垃圾满了 垃圾溢出 垃圾桶满 垃圾没人清 垃圾不清 垃圾没人收 垃圾几天没收 垃圾没人倒 臭气熏天 臭烘烘 恶臭 熏死
     臭得 腥臭 馊味 发臭 臭味 污水横流 脏乱差 脏兮兮 脏得 一层灰 积灰 好多灰 满地烟头 随地吐痰 随地大小便 到处是尿 油污 没人扫
     没扫 几天没扫 楼道没拖 没拖地 化粪池满 反味 返臭 下水道反臭 鼠患 老鼠乱窜 老鼠成群 蟑螂成群 到处是蟑螂 蟑螂满地 蚊子多
     蚊子成群 苍蝇乱飞 污糟 邋遢 曱甴 木虱`,
  ),
  ...low(['cleaning'], `希望多打扫 希望加强保洁`),

  // --- Greenery (绿化). ---
  ...medium(
    ['greenery'],
    `树太高 树长疯了 杂草丛生 荒草 草比人高 草长得 没人修剪 乱砍树 把树砍了 树被砍 剃光头 砍得光秃秃 光秃秃 绿地变车位 毁绿
     毁绿种菜 私自种菜 打药不通知 农药味 药味太重 喷药不通知 黄土裸露 草坪秃 草都死了 树都死了 花都死了 绿化太差 绿化差 没有绿化`,
  ),
  ...low(['greenery'], `树太密 草长了 希望修剪 希望补种 多种点树 多种点花 树枝挡 树挡光 树挡住 树枝伸到`),

  // --- Water, power, gas and heating (水电气暖). ---
  ...medium(
    ['utilities'],
    `停水停电 三天两头停水 三天两头停电 水压低 水压太小 水流小 出水小 没水压 水是黄的 水发黄 黄水 锈水 水有杂质 水有味 水发臭
     水是浑的 暖气冰凉 暖气片冰凉 供暖不达标 温度不达标 温度不够 热水不热 没有热水 电压不稳 老跳闸 频繁停电 突然停电 突然停水
     停电不通知 停水不通知 停气不通知 临时停水 水表乱跳 电表乱跳 冇水 冇電`,
  ),
  ...low(['utilities'], `家里冷 又停电了 又停水了 又断电 又断水`),

  // --- Deliveries and takeaway (快递外卖). ---
  ...medium(
    ['delivery'],
    `快递丢了 快递被偷 快递被拿 丢快递 拿错快递 快递柜满 快递不送上门 不送上门 外卖进不来 外卖送不进来 外卖小哥进不来 快递乱放
     快递乱堆 快递堆在 驿站乱 找不到快递 快递找不到 驿站收费 驿站态度 快递员态度 外卖员乱闯 外卖车乱停`,
  ),
  ...low(['delivery'], `希望加快递柜 多加几个快递柜 取快递不方便 取件不方便 快递柜收费 超时收费`),

  // --- Pets (宠物). ---
  ...medium(
    ['pets'],
    `狗乱叫 狗叫个不停 狗吠 犬吠 狗尿 烈性犬 禁养犬 恶犬 流浪狗 野狗 野猫 猫叫春 喂流浪猫 乱喂流浪 狗扑 冲人叫 追着人叫
     狗随地 狗在电梯里尿 狗在电梯里拉 从早叫到晚 叫一整晚 叫了一晚上`,
  ),
  ...low(['pets'], `拴一下绳 牵一下绳 拴好狗 牵好狗 看好狗 管好狗 管好自家的狗 清理一下狗 捡一下狗屎 希望文明养犬 文明养犬 没拴绳 没牵绳 遛狗不拴绳 遛狗不牵绳 狗一直叫`),

  // --- Service desk and staff (服务态度): who owners talk to. ---

  // --- Public facilities (公共设施). ---
  ...medium(
    ['facilities'],
    `黑灯瞎火 黑漆漆 黑乎乎 乌漆嘛黑 伸手不见五指 坑坑洼洼 坑洼 路面破损 地砖松动 地砖翘起 地砖碎了 台阶坏 健身器材生锈 秋千坏
     滑梯坏 游乐设施坏 游乐设施老化 设施老化 年久失修 破破烂烂 破旧不堪 没人维护 消防栓没水 灭火器过期 灭火器空 安全出口锁 消防门锁
     应急灯不亮 井盖松动 井盖响 会所荒废 泳池不开 游泳池不开 爛尾`,
  ),
  ...medium([], `单元门坏 单元门关不上 闭门器坏 对讲坏 可视对讲坏`),
  ...low(['facilities'], `座椅有点 器材有点 设施有点 路灯坏 路灯不亮 健身器材坏`),

  // --- Escalation: government and hotlines (向政府部门投诉). ---
  ...high(
    'government',
    [],
    `打市长热线 打12345 拨打12345 热线投诉 找街道办 去街道办 到街道办 去街道反映 去房管局 找房管局 房管局坐着 去住建局
     找住建局 到住建局 去住建 找住建 投诉到住建 反映到住建 去信访 信访办 上访 去上访 找政府 找社区书记 找居委会 去居委会
     反映到居委会 投诉到居委会 找城管 消费者协会 12315 价格举报 找纪委 纪委 找人大 政务热线 领导留言板 市长信箱 书记信箱
     12319 12369 12358 消委會 申訴專員 找议员 市民专线 打1999 陈情 找里长 找网格员 投诉到街道 反映到街道
     投诉到区里 反映到区里 投诉到市里 反映到市里 住建委投诉 房管局投诉 街道办投诉 搵區議員 搵議員 投訴到房署 投訴屋宇署 搵房署 搵食環 去房屋署 去房署 去屋宇署 去食環 去消委會`,
  ),

  // --- Escalation: media and the internet (媒体曝光). ---
  ...high(
    'media',
    [],
    `上新闻 上抖音 发抖音 发小红书 上小红书 发微博 上微博 挂到网上 挂网上 让全网 发到论坛 黑猫投诉 人民网 民生频道 帮帮团
     1818黄金眼 小强热线 爆料 报料 新闻爆料 放上网 上網公審 搵記者 搵傳媒 爆料公社 投書 登报 挂到群外 让全网看看 上头条`,
  ),

  // --- Escalation: law (法律途径). ---
  ...high(
    'legal',
    [],
    `告到底 去告 告他们 告开发商 依法维权 法律武器 拿起法律武器 司法途径 立案 上法庭 保全证据 收集证据 留证据 截图留证 录音取证
     索赔 要求赔偿 必须赔偿 全额赔偿 赔钱 小额钱债 消保官 提告 告死 存证信函 上诉`,
  ),

  // --- Escalation: police (报警). ---
  ...high('police', [], `报案 叫警察 找警察 喊警察 出警 报咗警 警察来了 警车来了`),

  // --- Escalation: collective action and replacing the property company (集体行动). ---
  ...high(
    'collective',
    [],
    `拉群维权 维权群 一起维权 集体去 集体到 集体找 罢交 罢缴 拒缴 停缴 滚出小区 静坐 围堵 堵门 堵物业 去物业闹 讨个公道 组团去
     团结起来 联合抵制 集体抵制 集体行动 一起行动 一起去物业 一起找物业 一起找开发商 业主联合 堵售楼处 去售楼处维权`,
  ),

  ...high(
    'collective',
    ['service'],
    `炒了物业 炒掉物业 开除物业 赶走物业 让物业滚 物业滚蛋 物业滚出 换掉这个物业 换一家物业 解聘物业 留着过年 这种物业留着
     炒咗管理公司 換管理公司 炒管理公司 撤换物业 更换物业 踢走物业`,
  ),

  // --- Danger to life and safety (人身安全), in plain words: accidents happening now or just now. ---
  ...high(
    'safety',
    ['elevator'],
    `溜梯 冲顶 蹲底 电梯下滑 坠梯 电梯掉 掉了好几层 掉了几层 滑了好几层 卡在电梯 电梯门夹 电梯夹 困电梯 电梯困 困𨋢 关电梯里
     电梯突然下降 电梯失控 电梯门开着就走 关在电梯里`,
  ),
  ...high(
    'safety',
    [],
    `夹到手 夹到脚 夹到孩子 夹伤 手被夹 脚被夹 砸了个坑 砸中 砸死 压死 压到人 砸坏了车 头破血流 磕破头 摔破头 摔断 摔伤 烫伤
     烧伤 晕倒 昏迷 抽搐 送医院 送医 中毒 烧焦味 焦糊味 焦味 火苗 火光 浓烟 满楼道烟 满楼都是烟 自燃 爆燃 电瓶爆炸 爆炸 被电
     电了一下 电到手 倒塌 塌了 坍塌 塌方 塌陷 地面塌 墙裂了 裂了一条 大裂缝 摇摇欲坠 要塌 快塌 随时会掉 随时会塌 危房 空调外机掉
     花盆掉 石屎剝落 石屎跌落 掉渣 掉进坑 掉进水池 掉进泳池 小孩掉 孩子掉 坠物 掉落物 倒在地上 人倒了 撞到人 撞伤 往下掉 往下坠
     关在里面 急坠 困咗 叫消防车 消防车来了 打架了 在打架 打群架`,
  ),

  ...high('safety', ['greenery'], `树倒了 树砸 刮倒 大树倒 树枝砸`),
  ...high('safety', ['pets'], `追着咬 扑人 扑上来 被咬 咬了一口 狂犬病 被狗扑`),
  ...high('safety', ['security'], `持刀 拿刀 砍人 斗殴 猥亵 偷窥 入室抢劫 抢劫 抢包 性骚扰 暴露狂`),
  ...high('safety', ['utilities'], `一氧化碳 煤气中毒 天然气味 一股煤气 燃气漏 煤气漏 闻到煤气 闻到燃气 燃气管漏 电线冒烟 电线烧 打火花 冒火星 电线冒火`),
  ...high(
    'safety',
    ['facilities'],
    `玻璃炸了 玻璃爆了 玻璃自爆 墙皮掉下来 瓷砖掉下来 外墙掉 吊顶掉 天花板掉 玻璃掉 广告牌掉 井盖没盖 井盖丢了 井盖被偷 井盖翻了 没有井盖
     没盖井盖 掉进井 掉井里 掉进检修井 掉进窨井`,
  ),

  ...medium(['security'], `小偷进来 贼进来 小偷都进来`),

  // --- Templates with slots. ---
  pattern('high', ['facilities'], '玻璃…(炸了|爆了|碎了一地|自爆)', 'safety'),
  pattern('high', ['pets'], '(狗|犬)…追着…(咬|扑)', 'safety'),
  pattern('medium', ['fee'], '(物业费|管理费|停车费)…白交'),
  pattern('medium', ['service'], '(养你们|养物业|要你们|要物业)…(干嘛|何用|有啥用)'),
  pattern('medium', ['service'], '(养你们|养物业|要你们|要物业)…有什么用'),
  pattern('medium', [], '(等|拖)到…(猴年马月|天荒地老|过年|明年)'),
  pattern('medium', ['service'], '(报修|反映|投诉)了…(次|遍)…(没人|没用|不管)'),
  pattern('high', [], '(发|挂|传)(到|上)(抖音|小红书|微博|网上|头条)', 'media'),
  pattern('high', [], '(拉|建|组)…维权', 'collective'),
  pattern('high', ['utilities'], '(燃气|煤气)(管|表|阀)…(嘶嘶|漏|泄|味道很大)', 'safety'),
  pattern('high', [], '(告物业|告开发商|告你们|告他们|告管理处)', 'legal'),
  pattern('high', [], '起诉(物业|开发商|你们|他们|管理处)', 'legal'),
  pattern('high', [], '(物业|你们)…(滚蛋|滚出去|滚出|滚吧)', 'collective'),
  pattern('high', [], '(集体|一起|大家|全体业主)…(不交|罢交|停交)', 'collective'),

  // --- H11 wave: wording owners reuse that the first waves lacked (each with two unit-test sentences of its own). ---
  ...medium(
    ['service'],
    `阴阳怪气 挂电话 挂我电话 走过场 走形式 一个字都不回 一个字都没回 乜都唔做 咩都唔做 啥都不干 什么都不干 什么都不做 啥事不干 废到笑
     冇人整 冇人修 冇人嚟 一个人都冇 一个人都没有 一个人影都冇 说了也不听 说了都不听 讲咗都唔听 一个都没解决 一件都没解决 一个都冇解决`,
  ),
  ...medium(['fee'], `抢钱 明抢 藏着掖着 你们说了算 物业说了算 给业主分了吗 分给业主了吗`),
  ...medium([], `钱花去哪 钱花到哪 钱都花哪 钱用在哪 钱用到哪 用到哪去了 用到哪里去了 花到哪去了 用在哪了 花在哪了`),
  ...medium([], `不合理 太不合理 全死了 都死光了 全死光了 骑得飞快 开得飞快 差点撞 差点被撞 差一点撞 差啲撞 都是地雷 头都炸了 头都要炸了`),
  { kind: 'phrase', text: 'what the hell', level: 'medium', topics: [] },
  ...medium([], `人呢`),
  ...benign(`有人呢 别人呢 其他人呢 家人呢 那个人呢 人呢人呢`),
  ...medium(['security'], `怎么放进来 随便放进来 随便就放进来`),
  ...low([], `不太放心 有点不放心 像蒸笼 跟蒸笼一样 热成蒸笼 冻到震 翘起来了 翘起来 翘边了`),
  ...high('safety', [], `被蛰 被蜇 被马蜂 被黄蜂`),
  ...high('safety', ['facilities'], `墙体裂缝 墙身裂 墙体裂开`),
  ...high('safety', ['elevator'], `电梯冲到顶 冲到顶层 冲到顶楼 跌咗几层 跌了几层 跌了好几层`),
  pattern('high', ['security'], '掟…落(嚟|来|街)', 'safety'),
  // A hypothetical fire (真着火了消防车怎么进来) is a complaint about a hazard, not a fire.
  pattern('medium', ['security'], '(真|万一|要是|如果)(着火|起火|失火|烧起来)'),

  // --- H12 wave: polite shortcomings (low), paying for nothing, sarcasm about service, heating, wounds. ---
  ...low([], `体验一般 不太干净 不太安全 有点不安全 有啲麻烦 有少少麻烦 快枯了 都快枯了 认唔到 认不出来`),
  ...medium(['fee'], `交得真冤 交得冤 花得冤 冤枉钱 越收越多 越收越贵 乱花 无啦啦加 无端端加`),
  ...medium([], `新瓶装旧酒 换汤不换药 一年不如一年 一届不如一届 跟坐牢一样 像坐牢 坐牢一样 好似坐监 不成样子 唔似样 不像样 乌灯黑火 墙都裂了 都裂开了 到下辈子 下辈子吗 别说没提醒 别怪没提醒 换掉算了 炒咗佢 领得很轻松 薪水领得 人工攞得 找他都不在 找人都不在 搵人都唔喺度 你们配吗`),
  ...medium([], `印钞机`),
  ...medium(['cleaning'], `屎味 尿味 猫屎味 猫尿味 垃圾山`),
  ...medium(['service'], `态度还凶 态度好凶 态度很凶 态度超凶 凶得很 做咩㗎 做乜㗎 做乜嘢㗎 有咩用 有乜用 只会叫我们 自己协调 互相推卸 推卸责任 都系咁`),
  ...medium(['delivery'], `丢两次 丢了两次 丢了好几次 丢了几次 又丢了 又唔见咗 又不见了`),
  ...medium(['utilities'], `又停气了 又冇电 又冇水`),
  ...high('safety', [], `差点烫着 差点烫到 烫伤了 被烫伤 烫起泡 流晒血 流了好多血 血流不止 缝了几针 洗胃 送去洗胃`),
  ...benign(`快递柜满了的话 柜满了的话 满了的话 拿错快递吗 拿错了吗 谁拿错了`),

  // --- H13 wave: mild problem states said plainly (low), complaints without complaint words (medium), danger now (high),
  //     calm third-party / information use of alarming words (benign). ---
  ...low([], `按键掉了 按钮掉了 把手掉了 灯罩掉了 按键甩咗 时冷时热 时好时坏 时有时无 时大时小 时断时续 怪味 下水道味 有股味 不太冷 不够冷 唔够冷 唔系好冷 不制冷 唔够热 不太凉 不够凉 不太合理 唔太合理`),
  ...medium([], `凭啥 凭乜 凭咩 不存在的 把我拉黑 拉黑我 被拉黑 拉黑了我 杀猪似的 杀猪一样 像杀猪 有冇脑 冇脑 有没有脑子 没脑子 老不死 骂我 蚌埠住了 凶人 还凶人
     当睇戏 睇戏咁 当看戏 在看戏 往里灌 往屋里灌 往家里灌 灌进来 第几回了 第几次了 这都第几回 净系识得 只识得 淨系识 只会回`),
  ...high('safety', [], `满脸是血 满头是血 一脸血 满身是血 一头血 推跌 推跌咗 被推倒 推倒了 遇溺 溺咗 楼梯有烟 楼道有烟 走廊有烟 后楼梯有烟 有浓烟
     赶紧拉闸 快拉闸 马上拉闸 拉警戒线 快疏散 赶紧疏散 跌咗落街 跌落街 跌落楼下 掉到街上 差啲打中 差点砸中 差点砸到 差点打中 差啲砸中 吊在半空 悬在半空 还有人在里面 仲有人喺入面 里面还有人`),
  ...benign(`楼道有烟味 楼梯有烟味 走廊有烟味 12345怎么打 怎么打12345 12345电话是多少 12345是多少 是记者 是律师 是警察 做记者的 做律师的 想咨询律师 想咨询下律师 想咨询一下律师 认识律师 律师朋友
     好辛苦 很辛苦 正常了吗 恢复了吗 也不怕 摔了也不怕`),
  // --- Not complaints: wording that shares complaint words (measured on dev before adding). ---
  ...benign(
    `问题已解决 问题解决了 问题不大 小问题 没什么问题 没啥问题 有问题找我 有问题随时 有什么问题 有问题可以 有任何问题 如有问题 如遇问题
     投诉电话 投诉方式 投诉渠道 不麻烦 麻烦您了 麻烦你了 麻烦师傅了 麻烦大家了 添麻烦了 刷抖音 看抖音 抖音上看到 小红书上看到 刷小红书
     刷微博 微博上看到 朋友圈看到 派出所开证明 派出所办 街道办通知 街道办发的 街道办组织 街道办的通知 法律咨询 免费法律咨询 110平 120平
     110方 120方 110㎡ 120㎡ 如发现燃气泄漏 如闻到燃气味 如遇电梯困人 电梯困人请拨打 如发生火灾 请勿高空抛物 严禁高空抛物 杜绝高空抛物
     严禁飞线充电 禁止飞线充电 请勿飞线充电 杜绝飞线充电 严禁电动车上楼 禁止电动车上楼 严禁电动车进电梯 禁止电动车进电梯 滑梯 跳蚤市场 消防车通道 急救培训 急救箱
     冒泡 防滑 注意防滑 滑板车 滑板 沙坑 打不着火 好久没在群里 好久没冒泡 都是烟味 都系烟味`,
  ),

  // --- Wording whose topic differs from the keywords inside it: lexicon/topic-phrases.ts. ---
  ...TOPIC_PHRASES,
];
