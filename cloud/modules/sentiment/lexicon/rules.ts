/**
 * Built-in rules that generalise beyond single words (reviewed like code; the engine compiles them
 * with the lexicon, see engine/lexicon-index.ts). Two kinds:
 *
 * - PATTERNS: slot templates in the staff entry format (`pattern` entries of
 *   shared/domain/sentiment-lexicon.ts): literal text, `(a|b)` alternatives and `…` gaps of at most
 *   PATTERN_GAP characters that never cross a clause break (，。！？； and new lines). A pattern
 *   matches like one phrase: its span swallows the terms inside it (the 不 of 再不修就投诉 negates
 *   nothing), and its evidence is the whole matched span.
 *
 * - CO_OCCURRENCE_RULES: sets of words that must ALL appear in one clause, in any order (and, with
 *   `maxSpan`, close together): an actor + an escalation target + an intent (大家一起去街道办反映),
 *   a subject + an accident verb (电梯往下掉了好几层, 门夹住了孩子的手). A slot's word may name the
 *   escalation group and the topics it brings (街道办 → government, 电梯 → elevator); the rule fires
 *   at most once per message and its evidence is the matched parts. `exclusions` are everyday words
 *   that contain a part but do not mean it (楼梯 is no 梯, 倒垃圾 is no 倒, 社区医院 is no 社区): a part
 *   inside one of them does not count. If any part is negated (不要一起去街道办), the rule is.
 *
 * A rule marked `request` (礼貌请求 + 补救动作: 麻烦…修一下, 希望…加几个) is a polite request: its parts
 * share one `low` weight and the engine keeps the message `low` when its other words are mild
 * (engine/analyze.ts, REQUEST_MARKERS in questions.ts). `frames()` writes a template whose
 * alternatives exceed one entry's 30 characters as several pattern entries.
 *
 * Adding a set: append a rule (or a word to a slot); every word is normalised like the lexicon
 * (Traditional input matches the Simplified words written here). tests/unit/sentiment-rules.test.ts
 * holds a positive and a negative example per rule kind.
 */
import type { EntryLevel, PatternEntry } from '@shared/domain/sentiment-lexicon';
import type { EscalationGroup, SentimentTopic } from '@shared/domain/sentiment';

/** A word of a co-occurrence slot; `group` / `topics` are what it brings to the rule's verdict. */
export interface SlotWord {
  text: string;
  group?: EscalationGroup;
  topics?: SentimentTopic[];
}

export interface CooccurrenceSlot {
  /** What the slot stands for (documentation and test names only). */
  role: string;
  words: ReadonlyArray<string | SlotWord>;
}

export interface CooccurrenceRule {
  name: string;
  level: EntryLevel;
  /** The group of a `high` rule when no matched word names one. */
  group?: EscalationGroup;
  /** Topics of the verdict besides those the matched words bring. */
  topics?: SentimentTopic[];
  /** At most this many characters from the first part's start to the last part's end. */
  maxSpan?: number;
  slots: readonly CooccurrenceSlot[];
  exclusions?: readonly string[];
  /**
   * A polite request (麻烦…修一下): its parts share the rule's weight (one `low` in all) and the
   * engine's request cap applies to the message (see REQUEST_MARKERS in questions.ts).
   */
  request?: boolean;
}

/** Slot templates (high ones name their group; topics are those of the subject when fixed). */
export const PATTERNS: readonly PatternEntry[] = [
  ...frames([['这个物业', '这种物业', '这家物业', '呢间物业', '呢个物业'], ['必须', '得', '该', '要', '早该', '一定要', '一定得'], ['换', '炒']], 'high', ['service'], 'collective'),
  pattern('这物业(必须|得|该|要|早该|赶紧|一定要)(换|炒)', 'high', ['service'], 'collective'),
  ...frames([['物业公司', '管理公司', '物管公司', '管理处'], ['必须', '一定要', '一定得', '得', '该', '要', '早该', '赶紧'], ['换', '炒']], 'high', ['service'], 'collective'),
  ...frames([['换掉这个', '换掉这家', '换掉这种', '换了这个', '换了这家', '换了这种', '炒掉这个', '炒掉这家', '炒掉这种', '炒了这个', '炒了这家', '炒了这种'], ['物业']], 'high', ['service'], 'collective'),
  pattern('再不…就(投诉|打12345|找街道|去街道|找社区)', 'high', [], 'government'),
  pattern('再不…就(去|找)(住建局|房管局|信访)', 'high', [], 'government'),
  pattern('再不…就(曝光|找媒体|找记者|发微博|上抖音)', 'high', [], 'media'),
  pattern('再不…就(起诉|告|法院见|找律师|打官司)', 'high', [], 'legal'),
  pattern('再不…就(报警|打110)', 'high', [], 'police'),
  pattern('不(赔|处理|解决|修|退|给)…就法院见', 'high', [], 'legal'),
  pattern('(物业|你们|管家|保安)是干(什么|啥|嘛)吃的', 'medium', ['service']),
  pattern('是干(什么|啥|嘛)吃的', 'medium', []),
  pattern('(管|修|弄|处理|搞|干)了个(啥|寂寞|什么|锤子)', 'medium', []),
  pattern('留着过年', 'medium', []),
  pattern('(一问|问)三不知', 'medium', ['service']),
  // --- H7 wave: a request to stop (能不能别…): the rest of the request frames is the co-occurrence rule below ---
  ...frames([['能不能别', '可不可以别', '能否别', '希望别', '麻烦别', '能不能不要', '希望不要', '麻烦不要', '可唔可以唔好', '拜托别', '求求别']], 'low', []),
  // --- H7 wave: repeated failure and non-response frames (medium) ---
  ...frames([['说', '报', '反映', '提', '催', '讲', '问'], ['了', '咗'], ['半年', '一年', '大半年', '几个月', '好几个月', '两个月', '三个月', '好几次', '多少次', '无数次', '好多次', 'N次', '多少遍', '好几遍', '无数遍', 'N遍']], 'medium', []),
  pattern('一次都(没|冇)(修|来|处理|管|回|解决)', 'medium', []),
  ...frames([['就这么'], ['晾着', '放着', '拖着', '搁着', '摆着', '不管', '放进来', '算了', '不了了之']], 'medium', []),
  pattern('(就没有|就没了|没有|冇)(然后|下文)了', 'medium', ['service']),
  pattern('等于(冇|没|没有)(讲|说|用)', 'medium', ['service']),
  ...frames([['装', '当', '假装', '扮'], ['看不见', '看不到', '没看见', '冇睇到', '睇唔到']], 'medium', []),
  pattern('(球|皮球)踢得', 'medium', ['service']),
  pattern('(只会|就会|永远)说', 'medium', ['service']),
  // --- H7 wave: rhetorical questions and blame frames (medium) ---
  pattern('(谁来赔|谁去赔|谁赔|谁负责赔)', 'medium', []),
  pattern('赔得起', 'medium', []),
  pattern('问过(业主|我们|大家)', 'medium', []),
  pattern('(进了|进)谁的(口袋|腰包)', 'medium', ['fee']),
  ...frames([['从'], ['来没', '没', '未', '来不', '不'], ['公开', '公示', '见过账', '人管', '人来', '人理']], 'medium', []),
  pattern('不(公示|公开)', 'medium', ['fee']),
  ...frames([['费', '钱', '物业费', '管理费', '暖气费', '供暖费'], ['照收', '照交', '照扣']], 'medium', ['fee']),
  ...frames([['这叫', '这就叫', '这也叫', '这也算'], ['供暖', '服务', '管理', '维修', '保洁', '物业', '绿化', '安保']], 'medium', []),
  pattern('(交|俾|收)…(做乜|做咩|有乜用|有什么用|有啥用)', 'medium', ['fee']),
  pattern('站出来(解释|说明|回应)', 'medium', []),
  pattern('(两头吃|两头收|两头收钱)', 'medium', ['fee']),
  pattern('照常(收费|收钱|开放收费)', 'medium', ['fee']),
  pattern('(还要|还得)收(我|我们|业主)', 'medium', ['fee']),
  pattern('拿(我们|业主|大家)的钱', 'medium', ['fee']),
  pattern('谁还(敢|愿意|想)', 'medium', []),
  pattern('素质(呢|何在|在哪)', 'medium', []),
  pattern('问就是', 'medium', ['service']),
  pattern('就(一句|回一句|回了一句|说一句)', 'medium', ['service']),
  pattern('到现在(还是|仍然|依然)', 'medium', []),
  pattern('(嚎|叫|吵|闹)得…(醒了|睡不着|没法睡)', 'medium', ['noise']),
  pattern('(往下|楼上)(弹|扔|丢)烟头', 'medium', ['security']),
  pattern('(谁来管|谁管管|有没有人管)', 'medium', []),
  pattern('还要等(多久|到什么时候|几天|到几时)', 'medium', []),
  pattern('难道(要|非要|还要|等)', 'medium', []),
  ...frames([['非要等', '要等到', '等到'], '…', ['才管', '才修', '才处理', '才来', '才重视']], 'medium', []),
  pattern('出了事(才|再|谁)', 'medium', []),
  ...frames([['天都没', '天还没', '天也没', '天了都没'], ['人', '修', '来', '处理', '回', '动静', '解决', '管']], 'medium', []),
  ...frames([['坏了', '漏了', '停了', '堵了', '臭了', '吵了', '坏咗', '漏咗', '停咗', '堵咗'], '…', ['天了', '个月了', '星期了', '礼拜了', '周了', '年了', '成个礼拜', '成个月', '半个月', '一个星期', '一个礼拜', '一个月']], 'medium', []),
  ...frames([['物业人呢', '物业去哪了', '物业死哪去了', '物业干嘛去了', '物业都去哪了', '物业在干嘛', '管家人呢', '管家去哪了', '管家死哪去了', '管家干嘛去了', '管家都去哪了', '管家在干嘛', '保安人呢', '保安去哪了', '保安死哪去了', '保安干嘛去了', '保安都去哪了', '保安在干嘛', '管理处人呢', '管理处去哪了', '管理处死哪去了', '管理处干嘛去了', '管理处都去哪了', '管理处在干嘛', '客服人呢', '客服去哪了', '客服死哪去了', '客服干嘛去了', '客服都去哪了', '客服在干嘛']], 'medium', ['service']),
  pattern('(车被砸|车窗被砸|车顶被砸)', 'high', ['parking'], 'safety'),
  ...frames([['臭', '吵', '嘈', '慢', '烦', '热', '冷', '脏', '差', '黑'], ['到死', '到爆', '到不行', '到离谱', '到极点', '到痹']], 'medium', []),
  ...frames([['服务呢', '服务在哪', '服务没变', '服务冇变', '服务没跟上', '服务跟不上', '服务没提高', '服务一点没变', '服务质量呢']], 'medium', ['service']),
  ...frames([['动静都没有', '动静都没', '动静都冇', '有人管吗', '有人理吗', '有冇人理', '有冇人管', '有人负责吗']], 'medium', []),
  ...frames([['收钱', '收费', '收物业费', '收管理费'], '…', ['最积极', '倒是积极', '挺积极', '最快', '倒是快', '跑得快']], 'medium', ['fee']),
  ...frames([['就是大爷', '当自己是大爷', '就当大爷', '系咪玩嘢', '玩嘢咩', '玩我哋', '玩我们']], 'medium', []),
  ...frames([['收钱不干活', '收钱不干事', '收钱不做事', '收钱唔做嘢']], 'medium', ['service']),
  ...frames([['在忙什么', '在忙些什么', '在忙啥', '忙些什么', '都忙什么去了', '平时在干嘛', '天天在干嘛']], 'medium', ['service']),
  ...frames([['这是什么管理', '这是什么服务', '什么破管理', '什么破服务', '这什么服务', '这什么管理', '就这服务', '就这管理', '就这水平', '这是什么物业']], 'medium', ['service']),
  ...frames([['这能喝', '这能住', '这还能喝', '这还能住', '这还能用', '这水能喝', '这还叫人住']], 'medium', []),
  ...frames([['好意思收', '好意思要钱', '好意思涨', '好意思加价']], 'medium', ['fee']),
  ...frames([['每年都这样', '年年都这样', '天天都这样', '每次都这样', '回回都这样', '次次都这样', '年年说', '次次都话', '次次都说', '每次都说']], 'medium', []),
  ...frames([['跟进咗乜', '做咗乜', '处理咗乜', '搞咗乜', '跟进了什么', '跟进了啥', '处理了什么', '处理了啥']], 'medium', ['service']),
  ...frames([['越修越', '越拖越', '越管越', '越弄越', '越搞越'], ['差', '坏', '黑', '脏', '乱', '糟', '烂']], 'medium', []),
  ...frames([['没有任何回复', '没有任何回应', '没有任何消息', '没有任何反馈', '没有任何动静', '没有任何处理', '没有任何答复', '没任何回复', '冇任何回覆']], 'medium', []),
  pattern('就知道(玩|睡|躲|推|在岗亭|在值班室|坐着|聊天)', 'medium', []),
  ...frames([['黄', '黑', '脏', '臭', '绿', '浑'], ['得跟', '得像', '到跟']], 'medium', []),
  ...frames([['要人命', '要出人命啊', '想要人命']], 'medium', []),
  ...frames([['永远都是', '永远是这句', '永远都说', '永远在处理', '永远在跟进']], 'medium', ['service']),
  ...frames([['当冇嘢发生', '当没事发生', '当什么都没发生', '当没发生', '当冇事', '当无事发生']], 'medium', ['service']),
  pattern('还在收…费', 'medium', ['fee']),
  ...frames([['我真的会谢', '真的会谢', '我会谢', '谢谢你们啊']], 'medium', []),
  ...frames([['执行力为零', '效率为零', '服务为零', '等于零', '打负分', '负分', '打零分', '零分']], 'medium', []),
  ...frames([['穿一条裤子', '一丘之貉', '狼狈为奸', '沆瀣一气', '官商勾结', '勾结']], 'medium', ['service']),
  ...frames([['钱交了', '费交了', '钱收了', '费收了'], '…', ['没见', '冇见', '没看到', '不见', '没见着']], 'medium', ['fee']),
  ...frames([['成了游泳池', '变成游泳池', '成了泳池', '成了河', '变成河', '水漫金山', '可以看海', '成了水帘洞']], 'medium', []),
  ...frames([['整下', '整返', '整一整', '跟进下'], ['啦', '吧', '嘛', '呀']], 'low', []),
  ...frames([['把你们换了', '把你们换掉', '把你们炒了', '把你们炒掉', '把你们赶走', '把物业换了', '把物业换掉', '把物业炒了', '把物业炒掉', '把物业赶走', '把物业公司换了', '把物业公司换掉', '把物业公司炒了', '把物业公司炒掉', '把物业公司赶走', '把管理公司换了', '把管理公司换掉', '把管理公司炒了', '把管理公司炒掉', '把管理公司赶走']], 'high', ['service'], 'collective'),
  ...frames([['不给个交代', '不给交代', '不给个说法', '不给说法', '没个交代', '冇个交代']], 'medium', []),
  pattern('连…(都没有|都没|都不|都冇|都唔|也没有|也不)', 'medium', []),
  ...frames([['就这么管', '就这样管', '就是这么管', '这么管理的', '就这么当物业']], 'medium', ['service']),
  ...frames([['费', '价', '账单'], '…', ['翻倍', '翻了一倍', '翻番']], 'medium', ['fee']),
  ...frames([['看一眼就走', '看了一眼就走', '看看就走了', '看了看就走了', '瞄了一眼就走']], 'medium', ['service']),
  ...frames([['检查的时候倒是', '领导来的时候倒是', '收钱的时候倒是', '催费的时候倒是', '收费的时候倒是', '检查时倒是', '检查前倒是']], 'medium', []),
  ...frames([['剪得跟', '剪成光', '剃成', '秃子一样', '光秃秃', '狗啃的', '狗啃一样']], 'medium', ['greenery']),
  pattern('一股(死鱼|尿骚|臭|骚|霉|馊|下水道|腥|屎|烂)', 'medium', []),
  ...frames([['吠', '吵', '嘈', '叫', '响', '闹'], ['成晚', '成夜', '一整晚', '一晚上', '通宵', '整晚', '了一宿', '一宿', '了一夜', '了一整夜', '了一晚上', '咗成晚']], 'medium', ['noise']),
  ...frames([['保安', '管理员', '管家', '前台', '客服', '值班的', '职员'], '…', ['玩手机', '滑手机', '刷手机', '睡觉', '打瞌睡']], 'medium', ['service']),
  ...frames([['别想我交', '别想让我交', '一分都不交', '一分钱都不交', '一分都不会交', '一分钱都不会交', '绝不交', '坚决不交', '不会再交']], 'high', ['fee'], 'collective'),
  ...frames([['让全市人民', '让全国人民', '让全网', '让所有人都知道', '公之于众', '让全世界都知道']], 'high', [], 'media'),
  // Hypothetical danger (出了人命谁负责, 早晚要出事, 烧起来就晚了) is a complaint, not an accident.
  ...frames([['出了人命', '出人命', '出了事', '出事'], ['谁负责', '怎么办', '谁管', '谁来负责', '就晚了', '就来不及了']], 'medium', []),
  ...frames([['哪天', '早晚', '迟早', '总有一天', '万一'], '…', ['出人命', '出事', '要出事', '出大事']], 'medium', []),
  ...frames([['烧起来', '着火', '掉下来', '砸到人'], ['就晚了', '就来不及了', '谁负责']], 'medium', []),
  ...frames([['让物业', '让你们', '让他们', '让管理处', '要物业', '要你们', '要他们', '要管理处', '叫物业', '叫你们', '叫他们', '叫管理处'], ['赔', '全赔', '赔偿', '负责']], 'medium', []),
  // --- H7 wave: repeated failure of a thing (成日停, 老是漏, 三天两头坏) ---
  ...frames([['成日', '老是', '总是', '天天', '经常', '动不动就', '三天两头', '隔三差五', '每次都', '年年', '月月'], ['停', '坏', '漏', '堵', '跳闸', '断', '卡', '死机', '故障', '加', '涨']], 'medium', []),
  // --- H7 wave: a small suggestion that implies a shortcoming (可以除一下, 上点油就好了) ---
  ...frames([['可以除一下', '可以除多一次', '可以扫一下', '可以扫多一次', '可以修一下', '可以修多一次', '可以清理一下', '可以清理多一次', '可以处理一下', '可以处理多一次', '可以修剪一下', '可以修剪多一次', '可以管一下', '可以管多一次', '可以剪一下', '可以剪多一次', '能除一下', '能除多一次', '能扫一下', '能扫多一次', '能修一下', '能修多一次', '能清理一下', '能清理多一次', '能处理一下', '能处理多一次', '能修剪一下', '能修剪多一次', '能管一下', '能管多一次', '能剪一下', '能剪多一次']], 'low', []),
  ...frames([['收', '扫', '清', '修', '管', '剪', '擦', '上点油', '上个油', '留意', '注意', '看管'], ['一下就好', '一下就行', '就好了', '就行了']], 'low', []),
  pattern('(真|还)好意思', 'medium', []),
  pattern('都什么年代了', 'medium', []),
  pattern('(翻白眼|甩脸色|给脸色)', 'medium', []),
  pattern('(纸糊的|豆腐渣|参观团)', 'medium', []),
  pattern('(管唔到|唔理|唔管|冇人跟|冇人处理)', 'medium', ['service']),
  pattern('(嘴脸|丑恶嘴脸)', 'medium', []),
  // --- H11 wave: rhetorical consent questions, blocked daily life, silent changes, repeated fob-offs ---
  pattern('(征求过|征求了|问过)(谁|业主|大家|我们)的意见', 'medium', []),
  pattern('经过(业主|大家|我们|全体业主)(同意|允许)了(吗|没)', 'medium', []),
  pattern('(跟|像)下雨一样', 'medium', ['leak']),
  pattern('都没法…(玩|走|住|睡|用|停|出门|下脚|过|进|开窗)', 'medium', []),
  ...frames([['周末', '晚上', '半夜', '中午', '节假日', '星期日', '礼拜天', '过年'], ['也', '都'], ['不'], ['停', '歇', '消停']], 'medium', ['noise']),
  ...frames([['洗都洗不', '擦都擦不', '扫都扫不', '清都清不', '修都修不', '刷都刷不', '关都关不', '叫都叫不', '睡都睡不', '停都停不', '走都走不']], 'medium', []),
  pattern('都不敢(晒|开窗|出门|住|坐|走|睡|下楼|回家|用|喝)', 'medium', []),
  pattern('(就没人|就没有人|就冇人)…(吗|咩|嘛)', 'medium', []),
  ...frames([['堆了', '扔了', '堆咗', '冇热水', '冇水', '冇电', '没热水', '冇咗热水', '冇咗水', '冇咗电', '没了热水'], '…', ['两日', '三日', '几日', '成日', '两天了', '三天了', '天了', '个月了', '星期了', '礼拜了', '周了', '成个礼拜', '成个月', '半个月', '一个星期', '一个礼拜', '一个月']], 'medium', []),
  ...frames([['保洁', '清洁工', '清洁', '阿姨'], '…', ['也不', '都不', '从不', '也没', '都没', '都唔', '也唔'], ['清', '扫', '擦', '来', '管', '拖', '收', '理']], 'medium', ['cleaning']),
  ...frames([['不'], ['捡', '铲', '清理', '收拾', '执'], ['狗屎', '大便', '粪便', '便便', '狗粪', '屎']], 'medium', ['pets', 'cleaning']),
  // collective fee strike, sit-ins, posting online, reporting to the fire brigade, a cut gas pipe (high)
  ...frames([['整栋', '整栋楼', '全楼', '整幢', '整座', '一起', '集体', '大家'], '…', ['不缴', '罢缴', '停缴', '拒缴']], 'high', [], 'collective'),
  ...frames([['整栋', '整栋楼', '全楼', '整幢', '整座'], '…', ['不交', '罢交', '停交']], 'high', [], 'collective'),
  ...frames([['去', '到'], '…', ['门口', '办公室', '售楼处', '大堂'], ['坐着', '静坐', '堵着', '守着', '躺着']], 'high', [], 'collective'),
  ...frames([['发到', '发在', '发上', '发去', '贴到', '贴上'], '…', ['小红书', '抖音', '微博', '论坛', '头条', '网上']], 'high', [], 'media'),
  ...frames([['发给', '打给', '报给', '举报到', '反映到', '打电话给'], '…', ['消防队', '消防局', '消防站', '消防大队']], 'high', [], 'government'),
  ...frames([['燃气管', '煤气管', '天然气管'], '…', ['断了', '断咗', '裂了', '爆了', '锯断']], 'high', ['utilities'], 'safety'),
  ...frames([['又唔', '又不', '又没', '也不', '也没', '都不', '都没', '都唔', '都冇', '也不先', '都不先', '也没事先', '事先也不', '事先也没'], ['通知', '公告', '讲一声', '说一声', '事先讲', '提前说', '提前讲', '提前通知', '贴个告示', '贴告示', '贴个通知', '出个通知', '发个通知', '挂个牌']], 'medium', []),
  ...frames([['每次问', '每次找', '每次打', '每次报修', '每次催', '每次反映'], ['都说', '都话', '都讲', '都是说']], 'medium', ['service']),
  ...frames([['越来越'], ['破', '烂', '脏', '乱', '贵', '离谱', '过分', '敷衍', '残']], 'medium', []),
  ...frames([['该除草', '该修剪', '该换水', '该打扫', '该清理', '该剪草', '该打药', '该消毒', '该清洗'], ['了', '啦']], 'low', []),
  // H12 wave: long neglect (两年没更新过), who-needs-you questions, not-our-business, gas, wounds, water at the electrics, repeated asking
  ...frames([['一年', '两年', '三年', '半年', '大半年', '几个月', '好几个月', '几年', '好几年', '一个月', '成年'], ['没', '都没', '冇', '都冇', '没有', '都没有'], ['更新过', '换过', '修过', '扫过', '打扫过', '清理过', '清过', '公示过', '公布过', '来过', '管过', '剪过', '维护过', '保养过']], 'medium', []),
  ...frames([['请', '要', '养', '请个', '装个', '装'], ['保安', '管理员', '管家', '物业', '监控', '门禁', '护卫', '警卫', '你们'], '…', ['有咩用', '有乜用', '有什么用', '有啥用', '是做什么的', '是干什么的', '是做咩的', '做乜嘅', '是做什麼的', '有什麼用']], 'medium', []),
  pattern('(冇得|没得|没法|管不了|唔到)管', 'medium', ['service']),
  ...frames([['唔关', '不关'], ['佢', '他', '她', '我们', '我哋', '他们', '物业', '管理处'], ['事', '的事']], 'medium', ['service']),
  ...frames([['燃气', '煤气', '天然气'], '…', ['嘶嘶', '味道很大', '味好大', '味很重', '味道好大', '味道很重']], 'high', ['utilities'], 'safety'),
  ...frames([['物业', '管理公司', '物管'], '…', ['一定要', '必须', '坚决要'], ['换掉', '炒掉', '换走']], 'high', ['service'], 'collective'),
  ...frames([['割到', '割伤', '划伤', '划破', '戳伤', '扎伤'], '…', ['流血', '流晒血', '流了好多血', '血流', '缝针', '缝了', '急症室', '急诊']], 'high', [], 'safety'),
  ...frames([['渗到', '流到', '滴到', '滴落', '淹到', '浸到', '漏到', '漏进', '渗进'], '…', ['电箱', '插座', '插苏', '配电箱', '电闸', '电表箱', '配电房']], 'high', ['utilities'], 'safety'),
  ...frames([['水'], ['已经到', '到了', '淹到', '没过', '浸到', '浸过', '已经没过', '已经淹到', '都没过', '都浸到', '都到了'], ['膝盖', '小腿', '腰', '轮胎', '大腿']], 'high', ['leak'], 'safety'),
  ...frames([['按了', '叫了', '敲了', '喊了', '拍了', '打了'], ['十', '二十', '半', '好', '几', '一', '很久', '老半天'], '…', ['才醒', '才开门', '才出来', '才有人应', '才有人接']], 'medium', []),
  pattern('(在等|等)(它|佢)自己(好|修好|消失|停|干|走)', 'medium', []),
  ...frames([['别说', '别怪', '唔好话', '不要说'], ['我们', '我哋', '我', '大家', '我们事先', '物业'], ['没提醒', '冇提醒', '没提醒过', '没讲过', '冇讲过']], 'medium', []),
  ...frames([['协调', '说', '讲', '反映', '找', '投诉', '报', '讲咗', '说了', '反映了', '找了', '投诉了', '报了'], ['了也没用', '也没用', '都没用', '都冇用', '也是白搭', '都系冇用', '咗都冇用']], 'medium', ['service']),
  ...frames([['说', '讲', '报', '反映', '提', '催'], ['了', '咗'], ['八百遍', '八百次', '一百遍', '一百次', '几年', '好几年', '成年', '半天']], 'medium', []),
  ...frames([['保安', '管理员', '警卫', '保全', '护卫', '门卫'], '…', ['态度还凶', '态度好凶', '凶得很', '好凶', '很凶', '超凶', '恶声恶气']], 'medium', ['service']),
  ...frames([['警卫', '保全', '护卫', '门卫'], '…', ['玩手机', '滑手机', '刷手机', '睡觉', '打瞌睡']], 'medium', ['service']),
  ...frames([['能不能', '可不可以', '能否', '可唔可以'], ['有点', '有啲', '有些'], ['公德心', '公德', '素质', '良心', '责任心', '同理心']], 'medium', []),
  ...frames([['周末', '晚上', '半夜', '星期日', '星期六', '礼拜日', '礼拜天', '过年'], ['都', '也'], ['唔'], ['停', '歇']], 'medium', ['noise']),
  ...frames([['又唔', '又不', '又没', '也不', '也没', '都不', '都没', '都唔', '都冇'], ['预早', '预先', '事先', '提早', '提前'], ['通知', '讲', '说', '公告', '讲声', '说一声']], 'medium', []),
  // H13 wave: polite imperatives (调一下闭门器吧, 还是拴个绳吧), complaints without complaint words (说了八遍了, 第三次收到,
  // 门都不开, 死活不管, 说了还不改, 比干的活都多, 比隔壁贵), urgent danger (全座唔交, 投诉到…局)
  // Two-character remedy verbs only: single-character ones (调, 修, 管) anchored on every 下 and cost the scan its speed.
  ...frames([['登记', '处理', '检查', '清理', '清洁', '维修', '疏通', '巡查', '调整', '清扫'], ['一下', '下'], '…', ['吗', '吧', '呗', '好吗', '得唔得', '好唔好']], 'low', []),
  ...frames([['还是'], ['拴', '牵', '关', '停', '收', '登记', '注意', '小声', '戴', '清理', '管', '捡', '绑'], '…', ['吧', '啦', '好']], 'low', []),
  ...frames([['快一点', '快点', '早一点', '早点', '勤一点', '勤快点', '及时一点', '及时点', '小声一点', '小声点'], ['吗', '吧', '好吗', '行吗', '行不行']], 'low', []),
  ...frames([['说', '讲', '报', '反映', '提', '催', '问', '找', '听', '收到'], ['了', '咗', '过'], ['两', '三', '四', '五', '六', '七', '八', '九', '十', '几', '好几', 'N'], ['遍', '次', '回', '趟']], 'medium', []),
  ...frames([['说', '讲', '报', '反映', '提'], ['了', '咗'], ['两年', '三年', '四年', '五年', '十年', '几年']], 'medium', []),
  ...frames([['第'], ['二', '三', '四', '五', '六', '几', 'N', 'n'], ['次', '回', '遍'], ['收到', '听到', '报', '问', '反映', '催', '说', '找', '投诉', '了']], 'medium', []),
  ...frames([['门都不', '电话都不', '门都唔', '电话都唔', '消息都不', '微信都不', '信息都不', '门也不', '电话也不'], ['开', '接', '回', '应', '听', '覆']], 'medium', []),
  ...frames([['死活不', '死活唔', '死都不', '死都唔'], ['接', '管', '肯', '修', '认', '赔', '开', '理', '让', '改', '处理']], 'medium', []),
  ...frames([['说了', '讲了', '讲咗', '提醒了', '提醒过', '说过', '讲过', '说完'], ['还不', '也不', '都不', '都唔', '仍然不', '还是不', '照样', '照旧', '依然'], ['改', '听', '理', '管', '收敛', '停']], 'medium', []),
  ...frames([['比干的活', '比做的事', '比干的事', '比做的活', '比做嘅嘢'], ['都多', '还多', '仲多']], 'medium', ['service']),
  ...frames([['比隔壁', '比别的小区', '比旁边小区', '比周边', '比隔篱', '比隔壁小区', '比附近小区'], ['高', '贵', '多收', '差', '脏', '乱']], 'medium', []),
  ...frames([['嫌我', '说我', '话我', '怪我', '嫌我们', '说我们'], ['事多', '多事', '矫情', '烦', '麻烦']], 'medium', []),
  ...frames([['谁都不', '没人', '没有人', '冇人', '都不', '都冇人'], ['出来说句话', '出来说话', '出来解释', '出个声', '出声', '吭声', '吱声', '出嚟讲句']], 'medium', ['service']),
  ...frames([['多久没', '几耐冇', '好耐冇', '几个月没', '多少年没'], ['换', '扫', '修', '清理', '打扫', '剪', '洗', '清', '消毒', '维护']], 'medium', []),
  ...frames([['绿到', '黑到', '臭到', '脏到', '黄到', '浑到', '吵到'], ['好似', '像', '跟', '好像']], 'medium', []),
  ...frames([['得个「', '得个“', '得个"'], '…', ['」字', '”字', '"字']], 'medium', []),
  ...frames([['家长', '大人', '主人', '狗主', '车主'], '…', ['玩手机', '滑手机', '刷手机', '看手机']], 'medium', []),
  ...frames([['咬了', '咬到', '伤了', '伤到', '摔了', '撞了', '撞到', '抓伤', '咬伤', '抓了'], '…', ['你负责', '谁负责', '你赔', '谁赔']], 'medium', []),
  ...frames([['全座', '成座', '全栋', '成栋', '全幢', '一齐', '全体'], '…', ['唔交', '不交', '罢交', '停交', '拒交']], 'high', ['fee'], 'collective'),
  ...frames([['局', '委', '署'], ['举报', '投诉', '反映']], 'high', [], 'government'),
  ...frames([['投诉到', '举报到', '反映到', '告到', '打到'], '…', ['局', '委', '署']], 'high', [], 'government'),
  ...frames([['窗户', '窗', '门', '阳台门', '窗门'], ['都不敢开', '也不敢开', '都唔敢开', '都不敢打开', '都开不了']], 'medium', []),
  ...frames([['修', '挖', '吵', '堵', '拖', '停', '装修', '施工'], ['了俩月', '了俩礼拜', '了俩星期', '了两个月', '咗两个月', '咗成个月']], 'medium', []),
  ...frames([['灯座', '灯头', '插座', '插苏', '电箱', '电表箱', '配电箱', '开关', '电闸'], '…', ['往下流', '在滴水', '滴水', '进水', '冒水', '泡着', '浸着', '泡水', '浸水', '淹了']], 'high', ['leak', 'utilities'], 'safety'),
];

/**
 * A template whose alternatives do not fit one entry (30 characters): split into several pattern
 * entries, halving the largest alternative group until each text fits.
 */
function frames(parts: ReadonlyArray<readonly string[] | '…'>, level: EntryLevel, topics: SentimentTopic[], group?: EscalationGroup): PatternEntry[] {
  const text = parts.map((p) => (p === '…' ? '…' : p.length === 1 ? p[0] : `(${p.join('|')})`)).join('');
  if (text.length <= 30) return [pattern(text, level, topics, group)];
  let widest = -1;
  parts.forEach((p, i) => {
    if (p !== '…' && p.length > 1 && (widest < 0 || p.join('').length > (parts[widest] as readonly string[]).join('').length)) widest = i;
  });
  if (widest < 0) return [pattern(text, level, topics, group)];
  const all = parts[widest] as readonly string[];
  const half = Math.ceil(all.length / 2);
  return [all.slice(0, half), all.slice(half)].flatMap((sub) => frames(parts.map((p, i) => (i === widest ? sub : p)), level, topics, group));
}

function pattern(text: string, level: EntryLevel, topics: SentimentTopic[], group?: EscalationGroup): PatternEntry {
  return group ? { kind: 'pattern', text, level, topics, group } : { kind: 'pattern', text, level, topics };
}

const GOV = 'government' as const;
const MEDIA = 'media' as const;
const LEGAL = 'legal' as const;
const POLICE = 'police' as const;

export const CO_OCCURRENCE_RULES: readonly CooccurrenceRule[] = [
  {
    name: '礼貌请求 + 补救动作',
    level: 'low',
    request: true,
    maxSpan: 16,
    slots: [
      { role: 'request', words: ['能不能', '可不可以', '能否', '可否', '可唔可以', '希望', '麻烦', '建议', '劳烦', '请物业', '请管理处', '能请', '唔该', '尽量', '能把', '可以把', '可唔可以帮手', '能麻烦', '是不是该', '是否可以', '可以考虑', '可唔可以考虑', '请主人', '请各位', '请大家'] },
      {
        role: 'remedy',
        words: [
          '别再', '别在', '别把', '别让', '别往', '别乱', '不要再', '不要在', '不要把', '不要乱', '唔好', '少点', '管一下', '管管',
          '修一下', '修修', '处理一下', '清理', '打扫', '扫多', '执一执', '多拖', '多扫', '多清', '多巡', '多打扫', '整下', '整一整',
          '整返', '增加', '多加', '加几', '加个', '加装', '加盏', '加条', '调高', '调低', '调一下', '提醒', '贴个', '出个',
          '公示', '公开', '公布', '考虑', '联系一下', '说一声', '发群里', '发出来', '放短', '拴绳', '拴好', '拴一下', '牵绳', '牵好',
          '牵一下', '带埋', '早一点', '早点', '小声', '轻一点', '注意一下', '晚点', '晚一点', '挪一挪', '挪一下', '移一下', '看一下', '看看',
          '来看看', '过来看',
          // H12 wave
          '安排师傅', '安排人', '安排保安', '派人', '派个人', '开一下', '保留', '修剪', '剪一下', '剪剪', '抱一下', '抱起来', '换一换', '换一下', '发一下', '公布一下', '列个', '列一下', '帮手', '联络', '排下气', '排一下气',
          // H11 wave
          '延长', '安排在', '换个', '设个', '装个', '放个', '开细', '开大', '调细', '抹下', '抹一下', '睇睇', '睇下', '搵人', '换返', '清下', '执下', '贴啲', '加啲', '拴个绳', '牵个绳', '贴在', '贴出来', '打一次药', '打药', '喷药', '喷一次药',
          // H13 wave: the general remedy vocabulary (add more, do it earlier, turn it down, chase it, list it, look at it)
          '多放', '多装', '多设', '多开', '多派', '多安排', '再加', '再多', '加一些', '加一点', '加点', '加些', '加多', '增设', '提前', '提早', '早些', '开返', '重开', '恢复',
          '调下', '调整', '调小', '调慢', '调快', '小一点', '小点', '细声', '细声啲', '关小', '关细', '小声点', '关掉', '停吧', '停了吧', '就停', '暂停', '停一停',
          '催一下', '催下', '催催', '跟进一下', '跟进下', '列明', '列出', '列清楚', '写清楚', '讲清楚', '说清楚', '处理下', '注意下', '留意下', '留意一下', '登记一下', '登记下',
          '搞个', '弄个', '划个', '设置', '沟通下', '沟通一下', '协调下', '协调一下', '快一点', '快点', '快啲', '捡一下', '执一下', '清洁下', '清洁一下', '改到', '改成', '改一下', '换成', '加强', '巡查', '巡逻', '不要', '唔好咁',
        ],
      },
    ],
    exclusions: [
      '增加了', '联系一下我', '公开课', '早点摊', '拴好了', '看一下通知', '麻烦您了', '麻烦你了', '麻烦大家了', '不麻烦', '加个微信', '加个好友',
      '大家看一下', '大家看看', '帮忙看一下', '帮我看一下', '帮忙看看', '帮我看看',
    ],
  },
  {
    name: '集体 + 升级去处 + 行动',
    level: 'high',
    group: 'collective',
    slots: [
      { role: 'actor', words: ['集体', '一起', '一齐', '我哋', '大家', '全体业主', '业主们', '我们几个', '几个业主', '联合', '组团', '全楼', '邻居们', '咱们一起'] },
      {
        role: 'target',
        words: [
          { text: '街道办', group: GOV }, { text: '街道', group: GOV }, { text: '住建局', group: GOV }, { text: '住建委', group: GOV },
          { text: '房管局', group: GOV }, { text: '房管所', group: GOV }, { text: '12345', group: GOV }, { text: '市长热线', group: GOV },
          { text: '信访', group: GOV }, { text: '社区', group: GOV }, { text: '居委会', group: GOV }, { text: '政府', group: GOV }, { text: '区议会', group: GOV }, { text: '区议员', group: GOV },
          { text: '媒体', group: MEDIA }, { text: '记者', group: MEDIA }, { text: '电视台', group: MEDIA },
          { text: '法院', group: LEGAL }, { text: '律师', group: LEGAL },
          { text: '派出所', group: POLICE },
        ],
      },
      { role: 'intent', words: ['去', '找', '打', '告', '反映', '投诉', '举报', '坐着', '上访', '请', '联系'] },
    ],
    exclusions: ['社区医院', '社区团购', '社区活动', '社区食堂', '社区卫生', '社区通知', '社区公告', '打扫', '打卡', '打折', '打球', '打牌', '打麻将', '打疫苗', '打针', '一起玩', '去玩', '找到了', '请假', '请问', '街道上', '大家好', '大家注意', '大家辛苦'],
  },
  {
    name: '主体 + 事故动词',
    level: 'high',
    group: 'safety',
    maxSpan: 10,
    slots: [
      {
        role: 'subject',
        words: [
          { text: '电梯', topics: ['elevator'] }, { text: '升降机', topics: ['elevator'] }, { text: '梯', topics: ['elevator'] }, { text: '轿厢', topics: ['elevator'] }, { text: '电t', topics: ['elevator'] },
          { text: '暖气管', topics: ['utilities', 'leak'] }, { text: '暖气片', topics: ['utilities', 'leak'] },
          '门', { text: '栏杆', topics: ['facilities'] }, { text: '护栏', topics: ['facilities'] }, { text: '玻璃', topics: ['facilities'] },
          { text: '吊顶', topics: ['facilities'] }, { text: '天花板', topics: ['facilities'] }, { text: '广告牌', topics: ['facilities'] },
          { text: '树', topics: ['greenery'] }, { text: '树枝', topics: ['greenery'] }, { text: '井盖', topics: ['facilities'] },
          { text: '墙皮', topics: ['facilities'] }, { text: '外墙', topics: ['facilities'] }, { text: '瓷砖', topics: ['facilities'] },
          '砖', '水泥块', '石头', '石膏板', '顶板', { text: '电动车', topics: ['parking'] }, { text: '电瓶车', topics: ['parking'] }, '电瓶', '电池', '充电宝', { text: '热水器', topics: ['utilities'] }, { text: '煤气罐', topics: ['utilities'] }, { text: '单杠', topics: ['facilities'] }, { text: '消防栓', topics: ['facilities'] }, '水塔', '招牌', '空调外机', '花盆', '窗户', '窗框', { text: '秋千', topics: ['facilities'] }, { text: '篮球架', topics: ['facilities'] },
          { text: '顶棚', topics: ['facilities'] }, '水泥', { text: '墙体', topics: ['facilities'] }, '空调架', '外机',
          '孩子', '小孩', '小朋友', '老人', '人', '业主',
        ],
      },
      { role: 'accident', words: ['掉', '坠', '下滑', '溜', '困', '夹', '砸', '倒', '塌', '摔倒', '摔伤', '摔下', '摔断', '卡住', '卡在', '被关', '关在里面', '压住', '压在', '压到', '砸穿', '砸碎', '砸中', '踩空',
        '往上升', '往上冲', '往下冲', '跌咗', '跌落', '吸住', '突然上升', '突然下降', '急停', '滑到', '掉到', '坠到', '撞断', '炸', '爆', '起火', '着火', '烧着', '烧起来'] },
    ],
    exclusions: [
      // subjects inside everyday words
      '楼梯', '梯子', '梯队', '阶梯', '滑梯', '爬梯', '电梯门口', '电梯口', '门口', '门卫', '门禁', '部门', '上门', '出门', '进门', '门面', '门岗', '门卡', '专门', '热门', '门槛', '开门', '门票', '门铃',
      '人家', '别人', '家人', '人员', '人行道', '什么人', '没人', '有人管', '外人', '坏人', '人呢', '人工', '本人', '个人', '负责人', '联系人', '人数', '树叶', '树苗',
      // verbs inside everyday words
      '按钮掉', '按键掉', '把手掉', '灯罩掉', '牌子掉', '掉线', '掉漆', '掉色', '掉价', '掉头', '忘掉', '删掉', '扔掉', '卖掉', '换掉', '去掉', '关掉', '倒垃圾', '倒车', '倒是', '倒闭', '颠倒', '倒霉', '倒数', '倒不是', '反倒', '倒也',
      '爆满', '爆胎', '火爆', '炸鸡', '炸串', '爆米花', '爆料', '气炸', '炸毛', '起火点', '溜达', '溜狗', '溜滑板', '溜冰', '溜旱冰', '溜娃', '溜一圈', '压在心里', '卡在这', '卡在那', '困难', '困扰', '犯困', '困惑', '夹子', '文件夹', '砸墙', '砸东西', '砸地', '摔门', '摔东西', '塌方', '下滑了不少',
      '随时能掉', '随时会掉', '随时掉', '迟早掉', '可能掉', '会不会掉', '怕掉', '容易掉', '摔了也不怕', '摔倒也不怕', '摔了不怕', '毛毛虫', '虫子掉', '虫掉', '树叶掉', '叶子掉', '掉得到处都是', '炸弹', '炸街', '卡在哪', '炸锅',
    ],
  },
];

/** Level weights of `phrase` / `pattern` entries (a low entry alone lands at low, a medium one at medium). */
export const ENTRY_WEIGHTS: Readonly<Record<Exclude<EntryLevel, 'high'>, number>> = { low: 1.0, medium: 2.2 };
